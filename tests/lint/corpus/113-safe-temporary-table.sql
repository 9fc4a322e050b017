-- expect: nothing (a safe pattern)
CREATE TABLE import_batch (line text);
CREATE INDEX import_batch_line ON import_batch (line);
DROP TABLE import_batch;
