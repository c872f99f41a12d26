-- The daily budgets of a learner's pushes (src/server/services/record-budget.ts) count what the
-- account stored in the last 24 hours at every push: an index range per account, never a scan.
CREATE INDEX learner_records_user_received ON learner_records (user_id, received_at);
CREATE INDEX statements_user_stored ON statements (user_id, stored_at);
