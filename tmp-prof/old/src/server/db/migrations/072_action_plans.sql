-- Rencana Tindak Lanjut and the follow-up evaluation (issue 14.3). Each row is one learner
-- record (kind action_plan, action_report, behaviour_review); a later record of the same
-- learner and course (and checkpoint) is the current one, earlier ones stay as history.
CREATE TABLE action_plans (
  id uuid PRIMARY KEY REFERENCES learner_records (id),
  user_id uuid NOT NULL,
  course_id text NOT NULL,
  actions jsonb NOT NULL,
  written_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_plans_user_course ON action_plans (user_id, course_id, written_at DESC);
CREATE INDEX action_plans_course ON action_plans (course_id);

CREATE TABLE action_reports (
  id uuid PRIMARY KEY REFERENCES learner_records (id),
  user_id uuid NOT NULL,
  course_id text NOT NULL,
  plan_id uuid NOT NULL REFERENCES action_plans (id),
  checkpoint integer NOT NULL,
  items jsonb NOT NULL,
  behaviour jsonb NOT NULL,
  written_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_reports_plan ON action_reports (plan_id, checkpoint, written_at DESC);

-- The atasan's questionnaire about a direct report; reviewer_id is who answered, kept for audits.
CREATE TABLE behaviour_reviews (
  id uuid PRIMARY KEY REFERENCES learner_records (id),
  reviewer_id uuid NOT NULL,
  learner_id uuid NOT NULL,
  course_id text NOT NULL,
  answers jsonb NOT NULL,
  comment text NOT NULL CHECK (char_length(comment) <= 1000),
  written_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX behaviour_reviews_learner ON behaviour_reviews (learner_id, course_id, written_at DESC);
