-- Learning done outside Lentera (issue 12.7): written by the learner on the phone (client id,
-- idempotent), decided by an admin. Only approved rows count in the ledger and the SIASN export,
-- with the JP the admin approved (possibly fewer than claimed), in the year the training ended.
CREATE TABLE external_learning (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  -- sha256 of the canonical record as sent: same id and hash = duplicate, same id other hash = conflict.
  body_hash text NOT NULL,
  jenis_diklat_id integer NOT NULL CHECK (jenis_diklat_id BETWEEN 1 AND 999),
  kind text NOT NULL CHECK (kind IN ('pelatihan', 'webinar', 'coaching', 'workshop', 'seminar', 'lainnya')),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 300),
  organiser text NOT NULL CHECK (char_length(organiser) BETWEEN 1 AND 200),
  start_date date NOT NULL,
  end_date date NOT NULL,
  claimed_jp integer NOT NULL CHECK (claimed_jp BETWEEN 1 AND 200),
  certificate_number text NOT NULL DEFAULT '' CHECK (char_length(certificate_number) <= 120),
  -- The certificate's photo or PDF, in the blob store by hash.
  file_sha256 text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_type text CHECK (file_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
  file_size integer CHECK (file_size BETWEEN 1 AND 2097152),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  approved_jp integer CHECK (approved_jp BETWEEN 0 AND 200),
  refusal_reason text CHECK (char_length(refusal_reason) <= 500),
  decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
  decided_at timestamptz,
  siasn_exported_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date >= start_date),
  CHECK ((status = 'approved') = (approved_jp IS NOT NULL)),
  CHECK ((status = 'refused') = (refusal_reason IS NOT NULL))
);
CREATE INDEX external_learning_user ON external_learning (user_id, end_date);
CREATE INDEX external_learning_status ON external_learning (status, created_at);
