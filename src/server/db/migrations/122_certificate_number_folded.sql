-- Learning done elsewhere is refused under a number Lentera issued, compared as people retype
-- numbers (src/server/services/external-learning.ts, isLenteraCertificateNumber). Without an
-- index on that folded form each check read the whole certificates table (734 ms at 500 000
-- certificates on PostgreSQL). The expression must stay exactly the query's for the index to serve.
CREATE INDEX certificates_number_folded ON certificates ((regexp_replace(upper(number), '[^A-Z0-9]', '', 'g')));
