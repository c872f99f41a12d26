-- Offline sync: the learner's xAPI statements as received, and the records the server derives
-- from them. user_id has no foreign key on purpose: like an LRS, the learning record outlives
-- an account, and the ingest path stays one insert per table per batch.

-- Append-only: a statement id is stored once; a different body under a known id goes to
-- statement_conflicts and never replaces this row.
CREATE TABLE statements (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  verb text NOT NULL,
  activity_id text NOT NULL,
  course_id text NOT NULL,
  body jsonb NOT NULL,
  -- sha256 of the canonical JSON (sorted keys) of the statement as sent: equal hash = same statement.
  body_hash text NOT NULL,
  timestamp timestamptz NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);
-- Reports count learners per course.
CREATE INDEX statements_course_user ON statements (course_id, user_id);

-- The key makes a retried conflicting statement land on the row it already made.
CREATE TABLE statement_conflicts (
  statement_id uuid NOT NULL,
  user_id uuid NOT NULL,
  body jsonb NOT NULL,
  body_hash text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (statement_id, body_hash)
);
CREATE INDEX statement_conflicts_received ON statement_conflicts (received_at DESC);

-- Merged from progress records and `experienced` statements: earliest opening, earliest
-- completion, furthest position. Per lesson, not per course version: reading survives an update.
CREATE TABLE lesson_progress (
  user_id uuid NOT NULL,
  course_id text NOT NULL,
  lesson_id text NOT NULL,
  opened_at timestamptz NOT NULL,
  completed_at timestamptz,
  position real NOT NULL CHECK (position >= 0 AND position <= 1),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, course_id, lesson_id)
);
CREATE INDEX lesson_progress_course ON lesson_progress (course_id, user_id);

-- One row per passed/failed statement, scored by the server from its own copy of the quiz.
CREATE TABLE quiz_attempts (
  statement_id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  course_id text NOT NULL,
  course_version text NOT NULL,
  quiz_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('pre', 'lesson', 'post')),
  client_scaled real,
  server_scaled real NOT NULL,
  passed boolean NOT NULL,
  -- The phone's claimed score or success disagreed with the server's.
  flagged boolean NOT NULL,
  finished_at timestamptz NOT NULL
);
CREATE INDEX quiz_attempts_user_course ON quiz_attempts (user_id, course_id);
CREATE INDEX quiz_attempts_course_finished ON quiz_attempts (course_id, finished_at DESC);
CREATE INDEX quiz_attempts_finished ON quiz_attempts (finished_at DESC, statement_id DESC);

-- Derived by the server only (a client `completed` statement credits nothing); once per course.
CREATE TABLE course_completions (
  user_id uuid NOT NULL,
  course_id text NOT NULL,
  course_version text NOT NULL,
  completed_at timestamptz NOT NULL,
  jp real NOT NULL,
  PRIMARY KEY (user_id, course_id)
);
CREATE INDEX course_completions_course ON course_completions (course_id);

-- feedback_id is the statements' registration: it ties the ratings and comment of one evaluation.
CREATE TABLE feedback_ratings (
  statement_id uuid PRIMARY KEY,
  feedback_id uuid NOT NULL,
  user_id uuid NOT NULL,
  course_id text NOT NULL,
  lesson_id text,
  item text NOT NULL,
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  at timestamptz NOT NULL
);
CREATE INDEX feedback_ratings_course ON feedback_ratings (course_id, item);

CREATE TABLE feedback_comments (
  statement_id uuid PRIMARY KEY,
  feedback_id uuid NOT NULL,
  user_id uuid NOT NULL,
  course_id text NOT NULL,
  lesson_id text,
  comment text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX feedback_comments_course ON feedback_comments (course_id, at DESC);
