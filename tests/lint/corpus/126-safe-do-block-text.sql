-- Statements and comments inside a dollar-quoted body are not the file's.
-- expect: nothing (a safe pattern)
DO $$
BEGIN
  -- keel-lint: ignore drop-table -- text inside a function body is no comment of the file
  RAISE NOTICE 'CREATE INDEX i ON t (a)';
END $$;
