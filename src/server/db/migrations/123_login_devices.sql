-- The phones and browsers each person has signed in on (services/login-devices.ts): a login from
-- one of them is not held back by others' failed guesses at the NIP. Only a SHA-256 of the key
-- the phone keeps is stored, so a copy of the database lets nobody pose as a known phone.
CREATE TABLE login_devices (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key_hash text NOT NULL CHECK (char_length(key_hash) = 64),
  last_login_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, key_hash)
);
