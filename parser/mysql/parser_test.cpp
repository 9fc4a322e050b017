#include "parser/mysql/parser.h"

#include <gtest/gtest.h>

namespace keel::parser::mysql {
namespace {

ParseResult Parse(const std::string& sql, const ParseOptions& options = {}) {
  return ParseMySqlFiles({SourceFile{"schema.sql", sql}}, options);
}

std::string Errors(const ParseResult& r) {
  std::string out;
  for (const auto& d : r.errors) out += d.Render() + "\n";
  return out;
}

const model::Table& T(const ParseResult& r, const std::string& name) {
  static const model::Table missing;
  auto it = r.catalog.tables.find({"", name});
  return it == r.catalog.tables.end() ? missing : it->second;
}

const model::Index* I(const ParseResult& r, const std::string& table, const std::string& name) {
  auto it = r.catalog.indexes.find(IndexKey({"", table}, name));
  return it == r.catalog.indexes.end() ? nullptr : &it->second;
}

TEST(MySqlParser, ColumnTypesAreSpelledAsTheServerReportsThem) {
  auto r = Parse(R"(CREATE TABLE t (
    a INT(11), b integer UNSIGNED, c BOOL, d bigint(20) unsigned zerofill, e numeric,
    f DECIMAL(5), g double precision, h char, i timestamp(0), j year(4), k float(30),
    l ENUM("x",'y') , m int3, n tinyint(1), o SET('a','b'), p varbinary(16)
  ))");
  ASSERT_TRUE(r.ok()) << Errors(r);
  std::vector<std::string> types;
  for (const auto& c : T(r, "t").columns) types.push_back(c.type);
  EXPECT_EQ(types,
            (std::vector<std::string>{
                "int", "int unsigned", "tinyint(1)", "bigint(20) unsigned zerofill",
                "decimal(10,0)", "decimal(5,0)", "double", "char(1)", "timestamp", "year", "double",
                "enum('x','y')", "mediumint", "tinyint(1)", "set('a','b')", "varbinary(16)"}));
}

TEST(MySqlParser, KeywordsAreCaseInsensitiveAndIdentifiersKeepTheirCase) {
  auto r = Parse(
      "create table `Users` (Id int not null auto_increment primary key, "
      "`key` varchar(10), `select` int) engine=innodb");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& t = T(r, "Users");
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.columns[0].name, "Id");
  EXPECT_TRUE(t.columns[0].auto_increment);
  EXPECT_EQ(t.columns[1].name, "key");
  EXPECT_EQ(t.engine, "innodb");
  ASSERT_EQ(t.constraints.size(), 1u);
  EXPECT_EQ(t.constraints[0].name, "PRIMARY");
}

// Names in hints keep their case, quoted with backticks or not; # starts a comment line too.
TEST(MySqlParser, RenameHints) {
  auto r = Parse(R"(-- keel:renamed-from People
CREATE TABLE Users (
  id int,
  full_name varchar(10), -- keel:renamed-from Name
  # keel:renamed-from `e mail`
  email varchar(50),
  KEY users_email (email) /* @renamed from="people_mail" */
);
CREATE INDEX users_name ON Users (full_name); -- keel:renamed-from people_name
)");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& t = T(r, "Users");
  EXPECT_EQ(t.renamed_from, "People");
  EXPECT_EQ(t.columns[0].renamed_from, "");
  EXPECT_EQ(t.columns[1].renamed_from, "Name");
  EXPECT_EQ(t.columns[2].renamed_from, "e mail");
  ASSERT_NE(I(r, "Users", "users_email"), nullptr);
  EXPECT_EQ(I(r, "Users", "users_email")->renamed_from, "people_mail");
  EXPECT_EQ(I(r, "Users", "users_name")->renamed_from, "people_name");
}

TEST(MySqlParser, CharsetAndCollationAreInheritedFromTheTable) {
  auto r = Parse(R"(CREATE TABLE t (
    a varchar(10),
    b varchar(10) CHARACTER SET latin1,
    c text COLLATE utf8_bin,
    d int,
    e varchar(5) BINARY
  ) DEFAULT CHARSET=utf8 COLLATE=utf8_unicode_ci)");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& t = T(r, "t");
  EXPECT_EQ(t.charset, "utf8mb3");
  EXPECT_EQ(t.collation, "utf8mb3_unicode_ci");
  EXPECT_EQ(t.columns[0].charset, "utf8mb3");
  EXPECT_EQ(t.columns[0].collation, "utf8mb3_unicode_ci");
  EXPECT_EQ(t.columns[1].charset, "latin1");
  EXPECT_EQ(t.columns[1].collation, "latin1_swedish_ci");  // the charset's default
  EXPECT_EQ(t.columns[2].charset, "utf8mb3");
  EXPECT_EQ(t.columns[2].collation, "utf8mb3_bin");
  EXPECT_EQ(t.columns[3].charset, "");
  EXPECT_EQ(t.columns[4].collation, "utf8mb3_bin");

  auto mysql = Parse("CREATE TABLE t (a text) CHARSET utf8mb4", {.server = Server::kMySql8});
  EXPECT_EQ(T(mysql, "t").collation, "utf8mb4_0900_ai_ci");
  EXPECT_EQ(T(mysql, "t").columns[0].collation, "utf8mb4_0900_ai_ci");
}

TEST(MySqlParser, DefaultsOnUpdateCommentsAndGeneratedColumns) {
  auto r = Parse(R"(CREATE TABLE t (
    a int DEFAULT 3, b int DEFAULT '3', c varchar(5) DEFAULT 'it''s', d int DEFAULT NULL,
    e timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE current_timestamp(6),
    f datetime DEFAULT now(), g json DEFAULT (json_array()), h int DEFAULT -1,
    i bool DEFAULT TRUE, j int COMMENT 'the \'j\'',
    k int AS (a + 1), l int GENERATED ALWAYS AS (a * 2) STORED,
    m decimal(6,3) DEFAULT 1.5, n decimal(4,0) DEFAULT '7', o text DEFAULT (_utf8mb4'{}')
  ))");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& c = T(r, "t").columns;
  EXPECT_EQ(c[0].default_expr, c[1].default_expr);
  EXPECT_EQ(c[0].default_expr.sql, "'3'");
  EXPECT_EQ(c[2].default_expr.sql, "'it''s'");
  EXPECT_TRUE(c[3].default_expr.empty());
  EXPECT_TRUE(c[4].not_null);
  EXPECT_EQ(c[4].default_expr.key, "current_timestamp(6)");
  EXPECT_EQ(c[4].on_update.sql, "CURRENT_TIMESTAMP(6)");
  EXPECT_EQ(c[5].default_expr.key, "current_timestamp()");
  EXPECT_EQ(c[6].default_expr.sql, "(json_array())");
  EXPECT_EQ(c[7].default_expr.sql, "'-1'");
  EXPECT_EQ(c[8].default_expr.sql, "'1'");
  EXPECT_EQ(c[9].comment, "the 'j'");
  EXPECT_EQ(c[10].generated.sql, "a + 1");
  EXPECT_TRUE(c[10].generated_virtual);
  EXPECT_EQ(c[11].generated.key, "a*2");
  EXPECT_FALSE(c[11].generated_virtual);
  EXPECT_EQ(c[12].default_expr.sql, "'1.500'");
  EXPECT_EQ(c[13].default_expr.sql, "'7'");
  EXPECT_EQ(c[14].default_expr.sql, "'{}'");
}

TEST(MySqlParser, MariaDbNamesUnnamedChecksAndSpellsJsonAsLongtext) {
  const char* sql = R"(CREATE TABLE t (a int CHECK (a > 0), b int, j json,
    CONSTRAINT named CHECK (b > 1), CHECK (b < 100), CHECK (a < b)))";
  auto r = Parse(sql);
  ASSERT_TRUE(r.ok()) << Errors(r);
  std::vector<std::string> names;
  for (const auto& c : T(r, "t").constraints) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "j", "named", "CONSTRAINT_1", "CONSTRAINT_2"}));
  const auto& j = *T(r, "t").FindColumn("j");
  EXPECT_EQ(j.type, "longtext");
  EXPECT_EQ(j.collation, "utf8mb4_bin");
  EXPECT_EQ(T(r, "t").FindConstraint("j")->check_expr.key, "json_valid(j)");

  auto mysql = Parse(sql, {.server = Server::kMySql8});
  names.clear();
  for (const auto& c : T(mysql, "t").constraints) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"t_chk_1", "named", "t_chk_2", "t_chk_3"}));
  EXPECT_EQ(T(mysql, "t").FindColumn("j")->type, "json");
}

TEST(MySqlParser, TablesThatNameNoEngineOrCharsetTakeTheDatabaseDefaults) {
  auto r =
      Parse("CREATE TABLE t (a varchar(5)); CREATE TABLE u (a text) ENGINE=MyISAM CHARSET latin1",
            {.default_engine = "InnoDB", .default_charset = "utf8mb4"});
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(T(r, "t").engine, "InnoDB");
  EXPECT_EQ(T(r, "t").columns[0].collation, "utf8mb4_general_ci");
  EXPECT_EQ(T(r, "u").engine, "MyISAM");
  EXPECT_EQ(T(r, "u").columns[0].collation, "latin1_swedish_ci");
}

TEST(MySqlParser, KeysAreIndexesNamedAsTheServerNamesThem) {
  auto r = Parse(R"(CREATE TABLE t (
    id int, a varchar(100), b int UNIQUE, c text, g geometry NOT NULL,
    PRIMARY KEY (id),
    KEY (a), INDEX (a(10), b DESC), UNIQUE KEY uq (b, a),
    FULLTEXT KEY ft (c), SPATIAL INDEX (g), KEY fn ((lower(a))) USING HASH COMMENT 'x'
  ))");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& t = T(r, "t");
  EXPECT_TRUE(t.FindColumn("id")->not_null);
  ASSERT_NE(I(r, "t", "b"), nullptr);
  EXPECT_TRUE(I(r, "t", "b")->unique);
  ASSERT_NE(I(r, "t", "a"), nullptr);
  const auto* a2 = I(r, "t", "a_2");
  ASSERT_NE(a2, nullptr);
  EXPECT_EQ(a2->keys[0].prefix_length, 10);
  EXPECT_TRUE(a2->keys[1].desc);
  EXPECT_TRUE(a2->name_generated);
  EXPECT_EQ(I(r, "t", "ft")->method, "fulltext");
  EXPECT_EQ(I(r, "t", "g")->method, "spatial");
  const auto* fn = I(r, "t", "fn");
  ASSERT_NE(fn, nullptr);
  EXPECT_TRUE(fn->keys[0].is_expression);
  EXPECT_EQ(fn->keys[0].expr.sql, "(lower(a))");
  EXPECT_EQ(fn->method, "btree");  // InnoDB builds a plain key asked to be HASH as BTREE
  EXPECT_EQ(fn->comment, "x");
  EXPECT_EQ(fn->name.name, "fn");
  EXPECT_EQ(fn->table, (model::QualifiedName{"", "t"}));
}

TEST(MySqlParser, ForeignKeysGetTheIndexTheServerCreates) {
  auto r = Parse(R"(CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (
  id int, p1 int, p2 int, p3 int,
  KEY idx_p2 (p2, id),
  CONSTRAINT fk_one FOREIGN KEY (p1) REFERENCES p (id) ON DELETE CASCADE ON UPDATE SET NULL,
  FOREIGN KEY (p2) REFERENCES p (id),
  FOREIGN KEY (p3) REFERENCES p (id) ON DELETE NO ACTION,
  CHECK (p1 > 0), CONSTRAINT named CHECK (p2 <> p3)
);)");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& t = T(r, "c");
  const auto* one = t.FindConstraint("fk_one");
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->on_delete, 'c');
  EXPECT_EQ(one->on_update, 'n');
  EXPECT_EQ(one->ref_table, (model::QualifiedName{"", "p"}));
  ASSERT_NE(t.FindConstraint("c_ibfk_1"), nullptr);
  EXPECT_TRUE(t.FindConstraint("c_ibfk_1")->name_generated);
  EXPECT_EQ(t.FindConstraint("c_ibfk_2")->on_delete, 'r');
  EXPECT_NE(I(r, "c", "fk_one"), nullptr);  // named after the constraint
  EXPECT_EQ(I(r, "c", "p2"), nullptr);      // idx_p2 serves it
  EXPECT_NE(I(r, "c", "p3"), nullptr);      // named after the column
  ASSERT_NE(t.FindConstraint("CONSTRAINT_1"), nullptr);
  EXPECT_EQ(t.FindConstraint("CONSTRAINT_1")->check_expr.sql, "p1 > 0");
  EXPECT_NE(t.FindConstraint("named"), nullptr);
}

TEST(MySqlParser, TableOptionsAndPartitions) {
  auto r = Parse(R"(CREATE TABLE t (id int) ENGINE=InnoDB AUTO_INCREMENT=16 DEFAULT CHARSET=utf8mb4
  COLLATE=utf8mb4_unicode_ci ROW_FORMAT=dynamic COMMENT='big', KEY_BLOCK_SIZE=8
  PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE))");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& t = T(r, "t");
  EXPECT_EQ(t.engine, "InnoDB");
  EXPECT_EQ(t.auto_increment, 16);
  EXPECT_EQ(t.charset, "utf8mb4");
  EXPECT_EQ(t.collation, "utf8mb4_unicode_ci");
  EXPECT_EQ(t.comment, "big");
  EXPECT_EQ(t.options, (std::vector<std::string>{"key_block_size=8", "row_format=DYNAMIC"}));
  EXPECT_EQ(t.partition_by.sql.rfind("RANGE (id) (PARTITION p0", 0), 0u) << t.partition_by.sql;
}

TEST(MySqlParser, MysqldumpPreambleVersionCommentsAndData) {
  auto r = Parse(R"(/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!50503 SET NAMES utf8mb4 */;
DROP TABLE IF EXISTS `t`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
CREATE TABLE `t` (
  `id` int NOT NULL /*!80023 INVISIBLE */,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB /*!50100 PARTITION BY HASH (id) */;
LOCK TABLES `t` WRITE;
/*!40000 ALTER TABLE `t` DISABLE KEYS */;
INSERT INTO `t` VALUES (1),(2);
INSERT INTO `t` VALUES (3);
UNLOCK TABLES;
)");
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(T(r, "t").partition_by.sql, "HASH (id)");
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_EQ(r.warnings.back().message,
            "ignored 2 data statements (INSERT/REPLACE/UPDATE/DELETE are not schema); the first "
            "is here");
  EXPECT_EQ(r.warnings.back().loc.line, 11);
  auto strict = Parse("INSERT INTO t VALUES (1)", {.strict = true});
  EXPECT_EQ(strict.errors.size(), 1u);
}

TEST(MySqlParser, UnknownStatementsAreErrorsWithFileLineAndColumn) {
  auto r =
      Parse("CREATE TABLE t (id int);\n\n  GRANT ALL ON t TO bob;\nCREATE TABLE u (id int,);\n");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].loc.ToString(), "schema.sql:3:3");
  EXPECT_EQ(r.errors[0].message, "unsupported statement: unexpected 'GRANT'");
  EXPECT_EQ(r.errors[1].loc.ToString(), "schema.sql:4:24");
  EXPECT_EQ(r.errors[1].message, "syntax error: unexpected ')'");
  EXPECT_EQ(r.catalog.tables.size(), 1u);
}

TEST(MySqlParser, CreateIndexAlterTableAndDrop) {
  auto r = Parse(R"(CREATE TABLE t (id int, a int, b varchar(20));
CREATE UNIQUE INDEX ua ON t (a);
CREATE INDEX ib ON t (b(5)) USING BTREE;
ALTER TABLE t ADD COLUMN c int NOT NULL AFTER id, ADD INDEX ic (c);
ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY (id);
CREATE TABLE gone (id int);
DROP TABLE gone;
DROP TABLE IF EXISTS never;
DROP INDEX ib ON t;)");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& t = T(r, "t");
  ASSERT_EQ(t.columns.size(), 4u);
  EXPECT_EQ(t.columns[1].name, "c");
  EXPECT_TRUE(I(r, "t", "ua")->unique);
  EXPECT_EQ(I(r, "t", "ib"), nullptr);
  EXPECT_NE(I(r, "t", "ic"), nullptr);
  EXPECT_EQ(t.constraints.at(0).name, "PRIMARY");
  EXPECT_EQ(r.catalog.tables.count({"", "gone"}), 0u);
}

TEST(MySqlParser, ViewsTriggersAndRoutinesWithDelimiters) {
  auto r = Parse(R"(USE shop;
CREATE TABLE film (id int, title varchar(10));
CREATE TABLE log (id int);
CREATE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY INVOKER VIEW v (i, t) AS
  SELECT f.id, f.title FROM shop.film f JOIN `log` l ON l.id = f.id WHERE f.id > 1;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER ins AFTER INSERT ON film FOR EACH ROW BEGIN
  INSERT INTO log VALUES (NEW.id);
END */;;
DELIMITER ;
DELIMITER $$
CREATE FUNCTION f(p INT, q VARCHAR(5)) RETURNS integer DETERMINISTIC
BEGIN
  IF p > 0 THEN RETURN 1; END IF;
  RETURN 0;
END $$
CREATE PROCEDURE pr(IN a INT, OUT b INT) BEGIN SELECT 1; END$$
DELIMITER ;
CREATE TRIGGER upd BEFORE UPDATE ON film FOR EACH ROW
BEGIN
  CASE WHEN NEW.id < 0 THEN SET NEW.id = 0; ELSE BEGIN END; END CASE;
END;
)");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& v = r.catalog.views.at({"", "v"});
  EXPECT_EQ(v.columns, (std::vector<std::string>{"i", "t"}));
  EXPECT_EQ(v.options.at("algorithm"), "merge");
  EXPECT_EQ(v.relations, (std::vector<model::QualifiedName>{{"", "film"}, {"", "log"}}));
  EXPECT_EQ(v.query.sql.rfind("SELECT f.id", 0), 0u);
  const auto& ins = r.catalog.triggers.at({{"", "film"}, "ins"});
  EXPECT_EQ(ins.timing, "AFTER");
  EXPECT_EQ(ins.events, (std::vector<std::string>{"INSERT"}));
  EXPECT_EQ(ins.body.rfind("BEGIN", 0), 0u);
  EXPECT_EQ(ins.body.substr(ins.body.size() - 3), "END");
  const auto& upd = r.catalog.triggers.at({{"", "film"}, "upd"});
  EXPECT_EQ(upd.body.substr(upd.body.size() - 13), "END CASE;\nEND");
  ASSERT_EQ(r.catalog.functions.size(), 2u);
  const auto& f = r.catalog.functions.at({{"", "f"}, "int, varchar(5)"});
  EXPECT_EQ(f.returns, "int");
  EXPECT_FALSE(f.is_procedure);
  // Characteristics are attributes (as information_schema.ROUTINES has them), not body text.
  EXPECT_EQ(f.volatility, 'i');
  EXPECT_TRUE(f.security_definer);
  EXPECT_EQ(f.body.find("DETERMINISTIC"), std::string::npos);
  const auto& pr = r.catalog.functions.at({{"", "pr"}, "int, int"});
  EXPECT_TRUE(pr.is_procedure);
  EXPECT_EQ(pr.args[1].mode, "OUT");
}

TEST(MySqlParser, NonAsciiTextKeepsItsOffsets) {
  auto r = Parse("CREATE TABLE t (a int COMMENT 'café ☕', b int);\nCREATE TABLE ü (x int,);");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(T(r, "t").columns[0].comment, "café ☕");
  EXPECT_EQ(r.errors[0].loc.ToString(), "schema.sql:2:23");
}

TEST(MySqlParser, FilesThatAreNotUtf8AreRejectedWhereTheyGoWrong) {
  auto r = Parse("CREATE TABLE t (a int COMMENT 'caf\xe9');");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].loc.ToString(), "schema.sql:1:35");
  EXPECT_TRUE(r.catalog.tables.empty());
}

}  // namespace
}  // namespace keel::parser::mysql
