-- The people screen's NIP search is a prefix (`nip LIKE '1985…%'`): the unique index on nip
-- follows the database's collation and cannot serve LIKE outside the C locale, so a typed
-- NIP filtered every row of the roster in name order. A pattern index turns it into a range
-- scan (test/bench/people-screen.ts; the other filters already use users_name /
-- users_opd_name with keyset paging).
CREATE INDEX users_nip_prefix ON users (nip text_pattern_ops);
