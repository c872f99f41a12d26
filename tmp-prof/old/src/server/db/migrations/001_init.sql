-- Accounts. The NIP is the login; the uuid is what leaves the server (xAPI actor).
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  nip text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('learner', 'admin')),
  unit text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Server-wide values generated once, such as the token signing secret.
CREATE TABLE server_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE courses (
  id text PRIMARY KEY,
  published_version text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Versions are immutable: a phone that cached 1.2.0 must be able to trust that 1.2.0 never changes.
CREATE TABLE course_versions (
  course_id text NOT NULL REFERENCES courses (id),
  version text NOT NULL,
  manifest jsonb NOT NULL,
  size bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (course_id, version)
);

ALTER TABLE courses
  ADD CONSTRAINT courses_published_version_fk
  FOREIGN KEY (id, published_version) REFERENCES course_versions (course_id, version);

-- Content-addressed files; the bytes live in the blob store under the same hash.
CREATE TABLE files (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL,
  media_type text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
