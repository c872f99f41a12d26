-- Issue 9.7 / 9.8: how each course file is served.
-- `private`: a quiz file holds its answer key, so it is served only to signed-in users (the
--   others stay public and immutable, for any CDN). Set for every file some manifest lists as a quiz.
-- `gzip_sha256` / `gzip_size`: the file gzipped once at upload and stored as a blob of its own,
--   served to clients that accept gzip; NULL when compressing does not pay (images, media).
ALTER TABLE files
  ADD COLUMN private boolean NOT NULL DEFAULT false,
  ADD COLUMN gzip_sha256 text CHECK (gzip_sha256 ~ '^[0-9a-f]{64}$'),
  ADD COLUMN gzip_size bigint;

UPDATE files SET private = true
WHERE sha256 IN (
  SELECT f ->> 'sha256'
  FROM course_versions v
  CROSS JOIN LATERAL jsonb_array_elements(v.manifest -> 'files') f
  CROSS JOIN LATERAL jsonb_array_elements(v.manifest -> 'quizzes') q
  WHERE f ->> 'path' = q ->> 'file'
);

-- Issue 15.6: a number every server reads to know whether its cached catalog is still current;
-- every publish, unpublish, rollback and version deletion raises it in the same transaction.
CREATE TABLE catalog_generation (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  generation bigint NOT NULL
);
INSERT INTO catalog_generation (id, generation) VALUES (true, 1);
