-- Issue 11: a pre-test measures, it does not judge; and each attempt keeps what it asked.
-- A pre-test is stored as neither passed nor failed (its old rows said passed = true for any
-- score), and the database refuses anything else, whatever the code above it does.
ALTER TABLE quiz_attempts ALTER COLUMN passed DROP NOT NULL;
UPDATE quiz_attempts SET passed = NULL WHERE kind = 'pre';
ALTER TABLE quiz_attempts ADD CONSTRAINT quiz_attempts_pre_unjudged CHECK ((kind = 'pre') = (passed IS NULL));
-- The questions the attempt asked, in the order shown, each with whether the server scored it
-- right: [{"questionId": "q1", "correct": true}, …]. The drawn items of a pool, the item
-- analysis (difficulty, discrimination) reads them. NULL for attempts stored before this.
ALTER TABLE quiz_attempts ADD COLUMN items jsonb;
