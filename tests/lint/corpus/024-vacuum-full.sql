-- expect: rewrite-command@3
SET lock_timeout = '2s';
VACUUM FULL orders;
