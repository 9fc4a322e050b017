#include "parser/mysql/types.h"

#include <gtest/gtest.h>

namespace keel::parser::mysql {
namespace {

std::string Type(std::string name, std::vector<std::string> args = {}, bool is_unsigned = false,
                 bool zerofill = false) {
  return CanonicalizeType({std::move(name), std::move(args), is_unsigned, zerofill}).type;
}

TEST(MySqlTypes, AliasesAndDisplayWidths) {
  EXPECT_EQ(Type("INTEGER", {"11"}), "int");
  EXPECT_EQ(Type("int", {"5"}, false, true), "int(5) unsigned zerofill");
  EXPECT_EQ(Type("boolean"), "tinyint(1)");
  EXPECT_EQ(Type("TINYINT", {"4"}), "tinyint");
  EXPECT_EQ(Type("numeric", {"8"}), "decimal(8,0)");
  EXPECT_EQ(Type("decimal", {"5", "2"}, true), "decimal(5,2) unsigned");
  EXPECT_EQ(Type("float", {"10"}), "float");
  EXPECT_EQ(Type("float", {"7", "3"}), "float(7,3)");
  EXPECT_EQ(Type("real"), "double");
  EXPECT_EQ(Type("bit"), "bit(1)");
  EXPECT_EQ(Type("datetime", {"0"}), "datetime");
  EXPECT_EQ(Type("datetime", {"3"}), "datetime(3)");
  EXPECT_EQ(Type("long varchar"), "mediumtext");
  EXPECT_EQ(Type("set", {"\"a\"", "'it''s'"}), "set('a','it''s')");
  auto serial = CanonicalizeType({"SERIAL", {}, false, false});
  EXPECT_EQ(serial.type, "bigint unsigned");
  EXPECT_TRUE(serial.serial);
  auto national = CanonicalizeType({"national varchar", {"10"}, false, false});
  EXPECT_EQ(national.type, "varchar(10)");
  EXPECT_EQ(national.charset, "utf8mb3");
  EXPECT_TRUE(national.textual);
}

TEST(MySqlTypes, CharsetsCollationsAndLiterals) {
  EXPECT_EQ(CanonicalCharset("UTF8"), "utf8mb3");
  EXPECT_EQ(CanonicalCharset("utf8mb4"), "utf8mb4");
  EXPECT_EQ(CanonicalCollation("utf8_general_ci"), "utf8mb3_general_ci");
  EXPECT_EQ(CharsetOfCollation("utf8mb4_0900_ai_ci"), "utf8mb4");
  EXPECT_EQ(CharsetOfCollation("binary"), "binary");
  EXPECT_EQ(UnquoteString("'a''b\\n\\'c'"), "a'b\n'c");
  EXPECT_EQ(UnquoteString("\"x\"\"y\""), "x\"y");
  EXPECT_EQ(UnquoteIdent("`we``ird`"), "we`ird");
  EXPECT_EQ(UnquoteIdent("plain"), "plain");
  EXPECT_EQ(ExprKey("(`A` +  1) * LOWER( 'Ab C' )"), "(a+1)*lcase('Ab C')");
  EXPECT_EQ(ExprKey("CURRENT_DATE + interval 1 day"), ExprKey("curdate() + interval 1 day"));
  EXPECT_EQ(ExprKey("a != 1 && b"), ExprKey("`a` <> 1 and `b`"));
  EXPECT_EQ(UnwrapParens("((a > 0))"), "a > 0");
  EXPECT_EQ(UnwrapParens("(a) + (b)"), "(a) + (b)");
  EXPECT_EQ(UnwrapParens("(f(')'))"), "f(')')");
  EXPECT_EQ(ExprKey("a  AND  not b"), "a and not b");
}

// information_schema spells types with display widths; they canonicalize like a file's.
TEST(MySqlTypes, ServerSpellingsCanonicalize) {
  auto canon = [](const std::string& t) { return CanonicalizeType(ParseColumnType(t)).type; };
  EXPECT_EQ(canon("int(11)"), "int");
  EXPECT_EQ(canon("int(10) unsigned"), "int unsigned");
  EXPECT_EQ(canon("smallint(5) unsigned zerofill"), "smallint(5) unsigned zerofill");
  EXPECT_EQ(canon("tinyint(1)"), "tinyint(1)");
  EXPECT_EQ(canon("year(4)"), "year");
  EXPECT_EQ(canon("decimal(5,2)"), "decimal(5,2)");
  EXPECT_EQ(canon("enum('a','it''s','x,y')"), "enum('a','it''s','x,y')");
  EXPECT_EQ(canon("longtext"), "longtext");
  EXPECT_EQ(canon("timestamp(3)"), "timestamp(3)");
}

TEST(MySqlTypes, ViewKeyMatchesTheServersRewrite) {
  EXPECT_EQ(ViewKey("SELECT cu.customer_id AS ID, CONCAT(cu.first_name, _utf8' ', cu.last_name) "
                    "AS name, a.address AS address FROM customer AS cu JOIN address AS a ON "
                    "cu.address_id = a.address_id WHERE a.x != 1"),
            ViewKey("select `cu`.`customer_id` AS `ID`,concat(`cu`.`first_name`,_utf8mb3' ',"
                    "`cu`.`last_name`) AS `name`,`a`.`address` AS `address` from (`db`.`customer` "
                    "`cu` join `db`.`address` `a` on(`cu`.`address_id` = `a`.`address_id`)) "
                    "where `a`.`x` <> 1"));
  EXPECT_EQ(ViewKey("select UPPER(t.a) from t"), "select ucase a from t");
  EXPECT_EQ(ViewKey("select a from t WITH CHECK OPTION"),
            ViewKey("select `a` AS `a` from `t` WITH CASCADED CHECK OPTION"));
  EXPECT_NE(ViewKey("select a from t where b = 'X'"), ViewKey("select a from t where b = 'x'"));
  EXPECT_EQ(ViewKey("select 1.5 as x"), "select 1.5 x");
  EXPECT_EQ(ViewKey("SELECT id, c1 AS x FROM misc", {"a", "B"}),
            ViewKey("select `misc`.`id` AS `a`,`misc`.`c1` AS `b` from `misc`"));
  EXPECT_EQ(ViewKey("SELECT COUNT(*) AS n FROM t"), ViewKey("select count(0) AS `n` from `t`"));
  EXPECT_EQ(ViewKey("select substring(min(x) from 1 for 4) AS c"),
            ViewKey("select substr(min(`x`),1,4) AS `c`"));
  EXPECT_EQ(ViewKey("select lead(p.a) over (order by p.a asc) as n from t p"),
            ViewKey("select lead(`p`.`a`,1) over ( order by `p`.`a`) AS `n` from `t` `p`"));
  // The server orders by the aliased expression, and ASC is the default.
  EXPECT_EQ(ViewKey("SELECT c.name AS category, SUM(p.amount) AS total FROM p GROUP BY c.name "
                    "ORDER BY total DESC, category"),
            ViewKey("select `c`.`name` AS `category`,sum(`p`.`amount`) AS `total` from `p` "
                    "group by `c`.`name` order by sum(`p`.`amount`) desc,`c`.`name` asc"));
}

TEST(MySqlTypes, PartitionKeyIgnoresPartitionEngines) {
  EXPECT_EQ(PartitionKey("RANGE (YEAR(d)) (PARTITION p0 VALUES LESS THAN (2000) ENGINE = InnoDB,"
                         " PARTITION p1 VALUES LESS THAN MAXVALUE ENGINE InnoDB)"),
            PartitionKey("RANGE (year(`d`)) (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 "
                         "VALUES LESS THAN MAXVALUE)"));
  EXPECT_EQ(PartitionKey("HASH (id) PARTITIONS 4"), "hash id partitions 4");
}

TEST(MySqlTypes, StoredIndexMethodFollowsTheEngine) {
  EXPECT_EQ(StoredIndexMethod("", "", false, Server::kMariaDb), "btree");
  EXPECT_EQ(StoredIndexMethod("MEMORY", "", false, Server::kMariaDb), "hash");
  EXPECT_EQ(StoredIndexMethod("MEMORY", "btree", false, Server::kMariaDb), "btree");
  EXPECT_EQ(StoredIndexMethod("InnoDB", "hash", false, Server::kMariaDb), "btree");
  EXPECT_EQ(StoredIndexMethod("InnoDB", "hash", true, Server::kMariaDb), "hash");
  EXPECT_EQ(StoredIndexMethod("InnoDB", "hash", true, Server::kMySql8), "btree");
  EXPECT_EQ(StoredIndexMethod("InnoDB", "fulltext", false, Server::kMySql8), "fulltext");
}

}  // namespace
}  // namespace keel::parser::mysql

namespace keel::parser::mysql {
namespace {

TEST(MySqlBodyKey, CommentsAndSpacingDoNotCount) {
  const std::string written =
      "BEGIN\n  # the fee\n  DECLARE v INT; -- a note\n  /* old */ SET v = 1;\n"
      "  SELECT '# not a comment', `a -- b` /*!50001 hint */;\nEND";
  const std::string stripped =
      "BEGIN DECLARE v INT; SET v = 1; SELECT '# not a comment', `a -- b` /*!50001 hint */; END";
  EXPECT_EQ(BodyKey(written), BodyKey(stripped));
  EXPECT_NE(BodyKey("SET v = 1"), BodyKey("SET v = 2"));
  EXPECT_NE(BodyKey("SELECT 'a  b'"), BodyKey("SELECT 'a b'"));
  EXPECT_EQ(BodyKey("x--y"), "x--y");  // minus minus, not a comment
}

}  // namespace
}  // namespace keel::parser::mysql
