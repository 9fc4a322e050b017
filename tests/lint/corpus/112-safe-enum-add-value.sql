-- expect: nothing (a safe pattern)
ALTER TYPE status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'paid';
