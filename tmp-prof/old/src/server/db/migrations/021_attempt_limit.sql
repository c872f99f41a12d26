-- The server enforces a quiz's attempt limit (issues 9.7 and 11.3). An attempt beyond the quiz's
-- `maxAttempts` plus the learner's remedial grants (counted in the order attempts reach the
-- server) is kept, scored and shown to the admin, but never credited: it cannot pass a
-- post-test or complete a course.
ALTER TABLE quiz_attempts ADD COLUMN over_limit boolean NOT NULL DEFAULT false;
