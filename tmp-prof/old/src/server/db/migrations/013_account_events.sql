-- Every admin action on accounts: who, what, when (issue 10.3). `opd` is the OPD the action
-- concerned at the time, so an OPD admin reads the events of their OPD only. The target's NIP is
-- kept beside the reference so the log still names a deleted account.
CREATE TABLE account_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  action text NOT NULL CHECK (char_length(action) <= 40),
  target_id uuid REFERENCES users (id) ON DELETE SET NULL,
  target_nip text,
  opd text NOT NULL DEFAULT '',
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX account_events_at ON account_events (at DESC, id DESC);
CREATE INDEX account_events_opd ON account_events (opd, at DESC, id DESC);
CREATE INDEX account_events_target ON account_events (target_id, at DESC, id DESC);
