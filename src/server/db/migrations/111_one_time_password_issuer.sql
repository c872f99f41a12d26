-- Who knows a pending one-time password besides its holder. An OPD admin may not learn the
-- password of an account that leads people she does not manage (another OPD's, or an
-- administrator: src/server/services/atasan-nips.ts); when an account she gave a one-time
-- password comes to lead such people before its first login, that password is withdrawn. The
-- column holds that OPD admin's OPD; null when the BKPSDM or the server's command line issued
-- it, or when the password is the holder's own.
ALTER TABLE users ADD COLUMN one_time_password_opd text;

-- Pending one-time passwords from before: the log does not say reliably who printed each one
-- (a printed list names no account), so those of learners' accounts that lead only their OPD's learners
-- count as issued by an OPD admin of that OPD; the worst this does is make the BKPSDM issue one
-- again for an account it later names atasan beyond that OPD. Those of accounts that already
-- lead people beyond it were the BKPSDM's to issue, and stay valid.
UPDATE users u SET one_time_password_opd = u.opd
WHERE u.role = 'learner' AND u.must_change_password AND u.password_hash IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM users led WHERE led.atasan_nip = u.nip AND (led.opd <> u.opd OR led.role <> 'learner'));
