-- Publishing: who uploaded each version, and every publish / unpublish / rollback as a log.
-- `course_versions.created_at` is the upload time.
ALTER TABLE course_versions ADD COLUMN uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL;

-- The catalog offers `courses.published_version`; this log says who changed it, when, and from what.
-- `version` is NULL for an unpublish.
CREATE TABLE publish_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id text NOT NULL REFERENCES courses (id),
  action text NOT NULL CHECK (action IN ('publish', 'unpublish')),
  version text,
  previous_version text,
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  at timestamptz NOT NULL DEFAULT now(),
  CHECK ((action = 'publish') = (version IS NOT NULL)),
  FOREIGN KEY (course_id, version) REFERENCES course_versions (course_id, version)
);
CREATE INDEX publish_events_course ON publish_events (course_id, at);
