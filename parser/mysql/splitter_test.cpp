#include "parser/mysql/splitter.h"

#include <gtest/gtest.h>

namespace keel::parser::mysql {
namespace {

std::vector<std::string> Texts(const std::string& sql) {
  std::vector<std::string> out;
  for (const auto& s : SplitStatements(BlankVersionComments(sql))) out.push_back(s.text);
  return out;
}

TEST(MySqlSplitter, SemicolonsInsideQuotesAndCommentsDoNotSplit) {
  EXPECT_EQ(Texts("SELECT ';' -- ;\n; # x;\nSELECT `a;b`; /* ; */ SELECT \"\\\";\""),
            (std::vector<std::string>{"SELECT ';' -- ;\n", " # x;\nSELECT `a;b`",
                                      " /* ; */ SELECT \"\\\";\""}));
}

TEST(MySqlSplitter, VersionCommentsReadAsTheirContentsAtTheSameOffsets) {
  std::string sql = "/*!40101 SET NAMES utf8 */;\n/*M!100316 SET x=1*/;";
  std::string blanked = BlankVersionComments(sql);
  EXPECT_EQ(blanked.size(), sql.size());
  auto stmts = SplitStatements(blanked);
  ASSERT_EQ(stmts.size(), 2u);
  EXPECT_EQ(stmts[0].text, "         SET NAMES utf8   ");
  EXPECT_EQ(stmts[1].offset, 27u);  // the newline after the first `;`
}

TEST(MySqlSplitter, TheSandboxLineOfMariaDbDumpsStaysAComment) {
  EXPECT_EQ(Texts("/*M!999999\\- enable the sandbox mode */\nSET x = 1;"),
            (std::vector<std::string>{"/*M!999999\\- enable the sandbox mode */\nSET x = 1"}));
}

TEST(MySqlSplitter, DelimiterCommandsAndCompoundBodies) {
  auto texts = Texts(
      "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END//\ndelimiter ;\n"
      "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN IF 1 THEN SET @a = 1; END IF; "
      "END;\nCREATE TABLE begin_end (`begin` int, `end` int);");
  ASSERT_EQ(texts.size(), 3u);
  EXPECT_EQ(texts[0], "CREATE PROCEDURE p() BEGIN SELECT 1; END");
  EXPECT_EQ(texts[1],
            "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN IF 1 THEN SET @a = 1; END "
            "IF; END");
}

TEST(MySqlSplitter, TriviaOnlyStatementsAreDropped) {
  EXPECT_TRUE(Texts("  -- only a comment\n ; ;").empty());
}

}  // namespace
}  // namespace keel::parser::mysql
