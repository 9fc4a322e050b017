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
  EXPECT_EQ(ExprKey("(`A` +  1) * LOWER( 'Ab C' )"), "(a+1)*lower('Ab C')");
  EXPECT_EQ(ExprKey("a  AND  not b"), "a and not b");
}

}  // namespace
}  // namespace keel::parser::mysql
