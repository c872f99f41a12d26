-- Issue 9.7: completion and JP require plausible study, judged from the time on task the phone
-- records (xAPI result.duration on lesson-studied and quiz statements).
-- The duration each statement claims, in milliseconds, capped when checked (see plausibility.ts).
ALTER TABLE statements ADD COLUMN duration_ms integer;

-- A completion whose recorded study time is implausibly short waits here for an admin instead of
-- being credited: 'pending' until an admin accepts (it is then credited in course_completions)
-- or refuses it. One per learner and course, like a completion.
CREATE TABLE completion_reviews (
  user_id uuid NOT NULL,
  course_id text NOT NULL,
  course_version text NOT NULL,
  completed_at timestamptz NOT NULL,
  jp double precision NOT NULL,
  study_ms bigint NOT NULL,
  required_ms bigint NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'refused')),
  decided_by uuid,
  decided_at timestamptz,
  PRIMARY KEY (user_id, course_id)
);
CREATE INDEX completion_reviews_status ON completion_reviews (status, completed_at DESC, user_id);
