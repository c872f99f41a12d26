-- The learner record channel (src/shared/records): every record kind a learner writes besides
-- xAPI statements and progress is kept here once by its client-generated id, as received,
-- and the kind's own tables hold what it means. Like statements, append-only and without a
-- foreign key to users: the record outlives an account.
CREATE TABLE learner_records (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  kind text NOT NULL CHECK (char_length(kind) <= 64),
  body jsonb NOT NULL,
  -- sha256 of the canonical JSON of {kind, body, user}: equal hash = the same record sent again.
  body_hash text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX learner_records_user_kind ON learner_records (user_id, kind);

-- A different record under a known id, kept aside (one row per distinct content) and never merged.
CREATE TABLE learner_record_conflicts (
  record_id uuid NOT NULL,
  user_id uuid NOT NULL,
  kind text NOT NULL,
  body jsonb NOT NULL,
  body_hash text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (record_id, body_hash)
);

-- Discussion per course (issue 14.2). A post is a learner record (kind `discussion_post`);
-- edits, deletions and moderation change this row, never the record.
CREATE TABLE discussion_posts (
  id uuid PRIMARY KEY REFERENCES learner_records (id),
  user_id uuid NOT NULL,
  course_id text NOT NULL,
  prompt_id text,
  parent_id uuid REFERENCES discussion_posts (id),
  text text NOT NULL CHECK (char_length(text) <= 2000),
  written_at timestamptz NOT NULL,
  -- When the server took the post in: lists page by this (newest first), so a post written
  -- offline last week and synced today shows as new.
  received_at timestamptz NOT NULL DEFAULT now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  hidden_at timestamptz,
  hidden_reason text CHECK (char_length(hidden_reason) <= 500),
  hidden_by uuid,
  pinned_at timestamptz
);
CREATE INDEX discussion_posts_threads ON discussion_posts (course_id, received_at DESC, id) WHERE parent_id IS NULL;
CREATE INDEX discussion_posts_replies ON discussion_posts (parent_id, received_at DESC, id) WHERE parent_id IS NOT NULL;
