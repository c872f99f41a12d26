-- Roster fields on accounts (issue 10.1), the OPD admin role, and accounts without a password
-- yet (made by a roster import; they sign in once an admin issues their one-time password).
-- `unit` is the unit kerja. The NIP stays the key a roster import upserts by.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('learner', 'admin', 'admin_opd'));

ALTER TABLE users
  ADD COLUMN status text NOT NULL DEFAULT 'PNS' CHECK (status IN ('PNS', 'CPNS', 'PPPK')),
  ADD COLUMN jabatan text NOT NULL DEFAULT '' CHECK (char_length(jabatan) <= 200),
  ADD COLUMN jenis_jabatan text CHECK (jenis_jabatan IN ('JPT', 'Administrator', 'Pengawas', 'Pelaksana', 'Fungsional')),
  ADD COLUMN golongan text CHECK (char_length(golongan) <= 10),
  ADD COLUMN opd text NOT NULL DEFAULT '' CHECK (char_length(opd) <= 200),
  -- Not a foreign key: a roster names atasan by NIP, and the atasan may arrive later in the same import.
  ADD COLUMN atasan_nip text CHECK (atasan_nip ~ '^[0-9]{18}$'),
  -- A deactivated account cannot sign in and its sessions end; its records stay and keep counting.
  ADD COLUMN aktif boolean NOT NULL DEFAULT true,
  -- Set with a one-time password: nothing but choosing a new password is allowed until then.
  ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
  -- To the hour (see sessions.last_seen_at): the admin's "activity" filter.
  ADD COLUMN last_seen_at timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE users ALTER COLUMN status DROP DEFAULT;
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_nip_shape CHECK (nip ~ '^[0-9]{18}$');
ALTER TABLE users ADD CONSTRAINT users_text_caps CHECK (char_length(name) <= 200 AND char_length(unit) <= 200);
-- An OPD admin's scope is their own OPD: without one they would manage nobody, or everybody with an empty OPD.
ALTER TABLE users ADD CONSTRAINT users_opd_admin_has_opd CHECK (role <> 'admin_opd' OR opd <> '');

-- The people screen pages by name (keyset), over everyone or within one OPD; an atasan's team is found by NIP.
CREATE INDEX users_name ON users (name, id);
CREATE INDEX users_opd_name ON users (opd, name, id);
CREATE INDEX users_atasan ON users (atasan_nip) WHERE atasan_nip IS NOT NULL;
