-- A suppression after the statement on the same line covers that statement.
-- expect: nothing (a safe pattern)
SET lock_timeout = '2s';
DROP TABLE old_sessions; -- keel-lint: ignore drop-table -- emptied and unused since 2024
