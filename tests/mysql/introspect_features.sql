-- Every column, table, key, constraint, view, trigger and routine feature parser/mysql
-- models, for tests/live/mysql/introspect_test.cpp: loaded into MariaDB, introspected, and
-- compared with ParseMySqlFiles of this file.

CREATE TABLE parent (
  id int NOT NULL AUTO_INCREMENT,
  code char(3) NOT NULL,
  name varchar(100) CHARACTER SET latin1 COLLATE latin1_general_ci DEFAULT 'it''s',
  label varchar(20) COLLATE utf8mb4_unicode_ci,
  nickname varchar(20) CHARACTER SET utf8 DEFAULT '',
  PRIMARY KEY (id),
  UNIQUE KEY uq_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='parents';

CREATE TABLE kinds (
  t1 tinyint,
  t2 smallint unsigned NOT NULL DEFAULT '7',
  t3 mediumint(6) zerofill,
  t4 int(11) DEFAULT 0,
  t5 bigint unsigned DEFAULT 42,
  t6 integer DEFAULT -3,
  d1 decimal(8,3) DEFAULT 1.5,
  d2 numeric(5),
  d3 float DEFAULT 2.5,
  d4 double,
  d5 real DEFAULT '0.25',
  d6 float(30),
  b1 bit(4) DEFAULT b'1010',
  b2 bool DEFAULT true,
  b3 boolean DEFAULT FALSE,
  s1 char(10) BINARY,
  s2 tinytext,
  s3 text COMMENT 'long text',
  s4 mediumtext,
  s5 longtext,
  s6 enum('small','medium','large') NOT NULL DEFAULT 'medium',
  s7 set('a','b','c') DEFAULT 'a,b',
  s8 national varchar(10),
  y1 binary(16),
  y2 varbinary(20),
  y3 tinyblob,
  y4 blob,
  y5 mediumblob,
  y6 longblob,
  w1 date DEFAULT '2000-01-01',
  w2 time(3),
  w3 datetime(6) DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  w4 timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  w5 year,
  w6 datetime DEFAULT NOW() ON UPDATE NOW(),
  j1 json,
  e1 date DEFAULT (CURRENT_DATE + INTERVAL 1 DAY),
  e2 varchar(40) DEFAULT (concat('a', 'b')),
  g1 int AS (t4 + t6) VIRTUAL,
  g2 int GENERATED ALWAYS AS (t4 * 2) STORED,
  g3 varchar(20) AS (lower(s1)),
  serial_id serial,
  qty int CHECK (qty >= 0),
  CONSTRAINT chk_range CHECK (t4 BETWEEN 0 AND 100),
  CHECK (t5 < 1000000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=DYNAMIC
  STATS_PERSISTENT=0 AUTO_INCREMENT=100 COMMENT 'all the types';

CREATE TABLE legacy (
  id int unsigned NOT NULL,
  body varchar(255),
  note text,
  PRIMARY KEY (id)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 CHECKSUM=1 PACK_KEYS=0 MAX_ROWS=1000
  STATS_AUTO_RECALC=0;

CREATE TABLE places (
  id int NOT NULL PRIMARY KEY,
  pt point NOT NULL,
  area geometry,
  body text,
  title varchar(200),
  SPATIAL KEY sp_pt (pt),
  FULLTEXT KEY ft_body (body, title)
) ENGINE=InnoDB;

CREATE TABLE child (
  id bigint NOT NULL AUTO_INCREMENT,
  parent_id int,
  parent_code char(3),
  other_id int NOT NULL,
  up_id bigint,
  a int,
  b int,
  c varchar(50),
  PRIMARY KEY (id),
  KEY idx_multi (a, b DESC),
  KEY (c(10)),
  KEY (a),
  UNIQUE KEY uq_ab (a, b) COMMENT 'pairs',
  INDEX idx_btree (b) USING BTREE,
  FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE,
  CONSTRAINT fk_code FOREIGN KEY (parent_code) REFERENCES parent (code)
    ON UPDATE CASCADE ON DELETE SET NULL,
  CONSTRAINT fk_other FOREIGN KEY idx_other (other_id) REFERENCES parent (id) ON DELETE NO ACTION,
  CONSTRAINT fk_up FOREIGN KEY (up_id) REFERENCES child (id)
) ENGINE=InnoDB;

CREATE TABLE pairs (
  x int NOT NULL,
  y int NOT NULL,
  z int,
  PRIMARY KEY (y, x)
);

CREATE TABLE pair_refs (
  id int PRIMARY KEY,
  px int,
  py int,
  CONSTRAINT fk_pair FOREIGN KEY (py, px) REFERENCES pairs (y, x) ON DELETE RESTRICT
);

ALTER TABLE pairs ADD COLUMN w varchar(10) NOT NULL DEFAULT 'w' AFTER x,
  ADD INDEX idx_z (z), ADD CONSTRAINT chk_z CHECK (z <> 0);
ALTER TABLE pair_refs ADD COLUMN extra int FIRST;
CREATE INDEX idx_c ON child (c, a);
CREATE UNIQUE INDEX uq_name ON parent (name(20), label);

CREATE VIEW parent_names AS SELECT id, name AS parent_name FROM parent WHERE id > 0;
CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW child_parents AS
  SELECT c.id, p.code, UPPER(p.name) AS upper_name
  FROM child AS c JOIN parent AS p ON c.parent_id = p.id
  WHERE c.a != 3 AND p.code IS NOT NULL;
CREATE VIEW checked AS SELECT id, code FROM parent WHERE code <> 'x' WITH CHECK OPTION;
CREATE OR REPLACE VIEW pair_sums AS
  SELECT pairs.x, SUM(pairs.y) AS total FROM pairs GROUP BY pairs.x ORDER BY pairs.x;

DELIMITER ;;
CREATE TRIGGER child_before_insert BEFORE INSERT ON child FOR EACH ROW
BEGIN
  IF NEW.a IS NULL THEN
    SET NEW.a = 0;
  END IF;
END;;
DELIMITER ;
CREATE TRIGGER parent_after_update AFTER UPDATE ON parent FOR EACH ROW
  UPDATE child SET c = NEW.name WHERE parent_id = NEW.id;

DELIMITER $$
CREATE FUNCTION full_label(p_code char(3), p_n int) RETURNS varchar(20)
  DETERMINISTIC
  COMMENT 'a label'
BEGIN
  RETURN CONCAT(p_code, '-', p_n);
END$$

CREATE PROCEDURE count_children(IN p_id int, OUT p_count bigint, INOUT p_total decimal(10,2))
  READS SQL DATA
  SQL SECURITY INVOKER
BEGIN
  SELECT COUNT(*) INTO p_count FROM child WHERE parent_id = p_id;
  SET p_total = p_total + p_count;
END$$

CREATE PROCEDURE noop()
BEGIN
END$$
DELIMITER ;

-- Partitions, literal and comment spellings the server changes, engine-dependent key types,
-- view column lists.
CREATE TABLE p_range (
  id int NOT NULL,
  d date NOT NULL,
  PRIMARY KEY (id, d)
) PARTITION BY RANGE (YEAR(d)) (
  PARTITION p0 VALUES LESS THAN (2000),
  PARTITION p1 VALUES LESS THAN (2010),
  PARTITION pmax VALUES LESS THAN MAXVALUE
);
CREATE TABLE p_list (id int, region int) PARTITION BY LIST (region) (
  PARTITION east VALUES IN (1, 2, 3), PARTITION west VALUES IN (4, 5));
CREATE TABLE p_hash (id int) PARTITION BY HASH (id) PARTITIONS 4;
CREATE TABLE p_sub (id int, d date) PARTITION BY RANGE (YEAR(d)) SUBPARTITION BY HASH (id)
  SUBPARTITIONS 2 (PARTITION s0 VALUES LESS THAN (2000), PARTITION s1 VALUES LESS THAN MAXVALUE);
CREATE TABLE p_one (id int) PARTITION BY LINEAR KEY (id);
CREATE TABLE p_key (id int PRIMARY KEY) PARTITION BY KEY (id) PARTITIONS 2;
CREATE TABLE p_cols (a int, b date) PARTITION BY RANGE COLUMNS (a, b) (
  PARTITION c0 VALUES LESS THAN (10, '2020-01-01'), PARTITION c1 VALUES LESS THAN (MAXVALUE, MAXVALUE));

CREATE TABLE misc (
  id int PRIMARY KEY,
  f1 float DEFAULT 1e3,
  h1 varbinary(4) DEFAULT 0x41,
  h2 binary(2) DEFAULT X'4142',
  c1 int COMMENT '',
  long_text varchar(2000),
  `odd name` int,
  ts timestamp(0) NULL ON UPDATE CURRENT_TIMESTAMP,
  j json,
  jx varchar(20) AS (json_unquote(json_extract(j, '$.a'))) VIRTUAL,
  KEY k_hash (c1) USING HASH,
  UNIQUE KEY uq_long (long_text) USING HASH,
  KEY (`odd name`)
) COMMENT '' DEFAULT CHARSET latin1 COLLATE latin1_bin;

CREATE TABLE mem (id int, KEY (id)) ENGINE=MEMORY;
CREATE TABLE later_pk (id int NOT NULL, v int);
ALTER TABLE later_pk ADD PRIMARY KEY (id);
CREATE TABLE later_copy LIKE later_pk;

CREATE VIEW v_cols (a, b) AS SELECT id, c1 FROM misc;
CREATE VIEW v_count AS SELECT COUNT(*) AS n, MAX(id) AS m FROM misc;
CREATE VIEW v_nested AS SELECT a FROM v_cols WHERE b IN (SELECT id FROM misc);

DELIMITER ;;
CREATE FUNCTION f_cs(x varchar(10) CHARSET utf8mb4) RETURNS varchar(20) CHARSET utf8mb4
  NO SQL
RETURN CONCAT(x, 'x');;
DELIMITER ;
CREATE TRIGGER t1 BEFORE INSERT ON misc FOR EACH ROW SET NEW.c1 = 1;
CREATE TRIGGER t2 BEFORE INSERT ON misc FOR EACH ROW FOLLOWS t1 SET NEW.c1 = NEW.c1 + 1;
