-- Issue 11.3: an attempt beyond the quiz's limit (its maxAttempts plus the learner's remedial
-- grants) is kept as a record but never credited: it cannot pass a post-test or complete a course.
ALTER TABLE quiz_attempts ADD COLUMN over_limit boolean NOT NULL DEFAULT false;
