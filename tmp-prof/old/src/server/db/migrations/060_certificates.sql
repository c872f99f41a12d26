-- E-certificates (issue 12.4/12.5). One per learner and course, issued in the transaction that
-- records the completion. The number's sequence comes from one counter row per year, taken with
-- an upsert in that same transaction: two servers on one database queue on the row lock and can
-- never hand out the same number; a rolled-back issue gives its number back unused, so numbers
-- are never reused once a certificate holds one.
CREATE TABLE certificate_counters (
  year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
  last_seq integer NOT NULL CHECK (last_seq > 0)
);

CREATE TABLE certificates (
  code text PRIMARY KEY CHECK (code ~ '^[0-9A-HJKMNP-TV-Z]{10}$'),
  number text NOT NULL UNIQUE CHECK (char_length(number) <= 120),
  year integer NOT NULL,
  seq integer NOT NULL,
  user_id uuid NOT NULL,
  course_id text NOT NULL,
  -- canonicalJson(payload) exactly as signed: the bytes the signature covers.
  payload text NOT NULL,
  signature text NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_reason text CHECK (char_length(revoked_reason) <= 500),
  revoked_by uuid REFERENCES users (id) ON DELETE SET NULL,
  -- The last SIASN export that carried this certificate (issue 12.6).
  siasn_exported_at timestamptz,
  UNIQUE (year, seq),
  UNIQUE (user_id, course_id),
  CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE INDEX certificates_year ON certificates (year, course_id);

-- Who revoked (or will in future re-issue) what, when and why.
CREATE TABLE certificate_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL REFERENCES certificates (code),
  action text NOT NULL CHECK (action IN ('revoke')),
  reason text NOT NULL CHECK (char_length(reason) <= 500),
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX certificate_events_code ON certificate_events (code, at);

-- What SIASN and the certificate need per course beyond the bundle (issue 12.6). A course
-- without a row uses the defaults (see services/record-settings.ts).
CREATE TABLE course_record_settings (
  course_id text PRIMARY KEY REFERENCES courses (id),
  kode_kursus text NOT NULL CHECK (char_length(kode_kursus) BETWEEN 1 AND 30),
  jenis_diklat_id integer NOT NULL DEFAULT 16 CHECK (jenis_diklat_id BETWEEN 1 AND 999),
  jenis_kursus_sertipikat text NOT NULL DEFAULT '' CHECK (char_length(jenis_kursus_sertipikat) <= 100),
  jenis_kursus text NOT NULL DEFAULT '' CHECK (char_length(jenis_kursus) <= 100),
  lokasi_id text NOT NULL DEFAULT '' CHECK (char_length(lokasi_id) <= 100),
  updated_at timestamptz NOT NULL DEFAULT now()
);
