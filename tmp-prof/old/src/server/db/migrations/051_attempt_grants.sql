-- Remedial (issue 11.3): an admin grants a learner extra attempts at one quiz, with a reason.
-- Append-only: each grant is a row, so the table is also the log of who granted what, when and
-- why; a learner's extra attempts at a quiz are the sum of their grants.
CREATE TABLE attempt_grants (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  course_id text NOT NULL CHECK (char_length(course_id) <= 64),
  quiz_id text NOT NULL CHECK (char_length(quiz_id) <= 64),
  extra smallint NOT NULL CHECK (extra BETWEEN 1 AND 5),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 5 AND 500),
  granted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  granted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attempt_grants_learner ON attempt_grants (user_id, course_id, quiz_id);
CREATE INDEX attempt_grants_course ON attempt_grants (course_id, granted_at DESC);
