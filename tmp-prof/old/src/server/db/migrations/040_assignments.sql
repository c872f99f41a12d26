-- Assigned learning (issue 10.5): a course someone must complete by a date. The target is
-- criteria, not a list of people: everyone who matches all the non-empty ones (OPD, jenis
-- jabatan, status, NIP), including people added to the roster later. `opd` is the OPD of the
-- OPD admin who made it ('' for the BKPSDM): that OPD admin may cancel it, nobody else of theirs.
CREATE TABLE assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  course_id text NOT NULL CHECK (char_length(course_id) <= 100),
  due_date date NOT NULL,
  target_opds jsonb NOT NULL DEFAULT '[]',
  target_jenis_jabatan jsonb NOT NULL DEFAULT '[]',
  target_statuses jsonb NOT NULL DEFAULT '[]',
  target_nips jsonb NOT NULL DEFAULT '[]',
  note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
  opd text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz
);
CREATE INDEX assignments_live ON assignments (due_date) WHERE cancelled_at IS NULL;
