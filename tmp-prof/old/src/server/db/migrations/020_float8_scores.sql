-- Issue 9.2: every number a phone sends must fit its column. float4 ("real") underflows on
-- values JSON carries without complaint (5e-324), which answered 500 for the whole push and
-- stalled that phone's queue. float8 holds every finite JSON number the checks let through.
ALTER TABLE lesson_progress ALTER COLUMN position TYPE double precision;
ALTER TABLE quiz_attempts
  ALTER COLUMN client_scaled TYPE double precision,
  ALTER COLUMN server_scaled TYPE double precision;
ALTER TABLE course_completions ALTER COLUMN jp TYPE double precision;
