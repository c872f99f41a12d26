-- Server-side sessions (issue 9.5). A token names its session; every request checks the row, so
-- a logout, a password reset, a deactivation or an admin's "end sessions" takes effect at once on
-- every server sharing the database. Deleting an account deletes its sessions.
CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  -- Updated at most once an hour: a write per request would cost more than it tells.
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  ended_because text CHECK (ended_because IN ('logout', 'password_changed', 'password_reset', 'deactivated', 'ended_by_admin')),
  device text NOT NULL DEFAULT '' CHECK (char_length(device) <= 200),
  CHECK ((ended_at IS NULL) = (ended_because IS NULL))
);
CREATE INDEX sessions_user ON sessions (user_id, created_at DESC);
