-- Files learner records carry (a post's photo, follow-up evidence, the certificate of learning
-- done elsewhere). The bytes live in the blob store by sha256 (local disk or S3, like course
-- files); a row here says who uploaded them and what they are by their first bytes. Content
-- addressed: the same upload again adds nothing.
CREATE TABLE learner_attachments (
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  user_id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
  size integer NOT NULL CHECK (size BETWEEN 1 AND 2097152),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sha256, user_id)
);

-- Which record names which file: who may read a file follows from the records naming it
-- (a post's readers, the learner's atasan and admins, …).
CREATE TABLE record_attachments (
  record_id uuid NOT NULL REFERENCES learner_records (id),
  sha256 text NOT NULL,
  kind text NOT NULL,
  user_id uuid NOT NULL,
  PRIMARY KEY (record_id, sha256)
);
CREATE INDEX record_attachments_sha256 ON record_attachments (sha256);

ALTER TABLE discussion_posts ADD COLUMN photo_sha256 text CHECK (photo_sha256 ~ '^[0-9a-f]{64}$');
ALTER TABLE discussion_posts ADD COLUMN photo_type text CHECK (photo_type IN ('image/jpeg', 'image/png', 'image/webp'));
