-- Pages of the discussion go by arrival order; a counter is exact where timestamps can tie.
ALTER TABLE discussion_posts ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX discussion_posts_seq ON discussion_posts (seq);
CREATE INDEX discussion_posts_course_seq ON discussion_posts (course_id, seq DESC);
