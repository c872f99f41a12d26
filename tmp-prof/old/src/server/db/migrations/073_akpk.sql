-- AKPK, the training-needs survey (issue 14.1). A period is opened by the BKPSDM with its
-- competency list; answers and reviews are learner records (akpk_response, akpk_review), and
-- an admin's validation of someone without an atasan is a review row too: every change is
-- kept with who made it.
CREATE TABLE akpk_periods (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  -- [{code, name, type, jabatan, opd, requiredLevel}]: built in, imported and catalog topics.
  competencies jsonb NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE akpk_responses (
  id uuid PRIMARY KEY REFERENCES learner_records (id),
  user_id uuid NOT NULL,
  period_id uuid NOT NULL REFERENCES akpk_periods (id),
  items jsonb NOT NULL,
  written_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX akpk_responses_period_user ON akpk_responses (period_id, user_id, written_at DESC);

CREATE TABLE akpk_reviews (
  id uuid PRIMARY KEY,
  reviewer_id uuid NOT NULL,
  learner_id uuid NOT NULL,
  period_id uuid NOT NULL REFERENCES akpk_periods (id),
  items jsonb NOT NULL,
  approved boolean NOT NULL,
  note text NOT NULL CHECK (char_length(note) <= 500),
  via text NOT NULL CHECK (via IN ('atasan', 'admin')),
  written_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX akpk_reviews_period_learner ON akpk_reviews (period_id, learner_id, written_at DESC);
