-- Issue 9.7: the server enforces a quiz's attempt limit. An attempt past `maxAttempts` (counted
-- in the order attempts reach the server) is kept, scored and shown to the admin, but never
-- credited: completion reads only attempts within the limit.
ALTER TABLE quiz_attempts ADD COLUMN over_limit boolean NOT NULL DEFAULT false;
