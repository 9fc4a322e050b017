-- expect: rewrite-command@3
SET lock_timeout = '2s';
ALTER TABLE events SET TABLESPACE slow_disk;
