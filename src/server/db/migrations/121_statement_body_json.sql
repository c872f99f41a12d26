-- Statement bodies are stored and read back whole: no query looks inside them (no ->, @>, no
-- index on them), and equality is their sha256 (body_hash). `json` keeps the canonical text the
-- server hashed and only checks it, where `jsonb` converted every pushed statement to its binary
-- form at each insert (issue 15.2: the drain's statements insert). Rewrites both tables once, in
-- the migrations' transaction: a large PostgreSQL database waits for it at the first start.
ALTER TABLE statements ALTER COLUMN body TYPE json USING body::json;
ALTER TABLE statement_conflicts ALTER COLUMN body TYPE json USING body::json;
