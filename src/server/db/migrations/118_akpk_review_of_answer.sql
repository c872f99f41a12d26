-- A review is of one answer (second security review, M2): a learner's later answer used to
-- inherit the atasan's approval of the earlier one, since the latest answer and the latest
-- review were picked apart. Now a later answer waits for its own review.
ALTER TABLE akpk_reviews ADD COLUMN response_id uuid REFERENCES akpk_responses (id);
-- Reviews written before: of the answer that was the learner's latest when the review was written.
UPDATE akpk_reviews v SET response_id = (
  SELECT r.id FROM akpk_responses r
  WHERE r.user_id = v.learner_id AND r.period_id = v.period_id AND r.written_at <= v.written_at
  ORDER BY r.written_at DESC, r.id DESC LIMIT 1);
CREATE INDEX akpk_reviews_response ON akpk_reviews (response_id, written_at DESC);
