-- Failed logins per NIP and per client address (issue 9.6), in the database so every server of a
-- cluster counts the same attempts. A row is a key (`nip:…` or `addr:…`), its recent failures and
-- until when it must wait; see services/login-throttle.ts for the rule.
CREATE TABLE login_throttle (
  key text PRIMARY KEY CHECK (char_length(key) <= 100),
  failures integer NOT NULL CHECK (failures >= 0),
  last_failure_at timestamptz NOT NULL,
  blocked_until timestamptz
);
CREATE INDEX login_throttle_last_failure ON login_throttle (last_failure_at);
