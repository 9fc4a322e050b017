// introspect/mysql/connection.h against the fixture's MariaDB.
#include "introspect/mysql/connection.h"

#include <gtest/gtest.h>

#include "tests/support/mysql_db.h"

namespace keel::introspect::mysql {
namespace {

TEST(MySqlConnection, UnreachableServerNamesTheUrlWithoutItsPassword) {
  try {
    Connection conn("mysql://root:hunter2@127.0.0.1:1/shop");
    FAIL() << "connected to port 1";
  } catch (const ConnectError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("mysql://root:***@127.0.0.1:1/shop"), std::string::npos) << what;
    EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
  }
}

TEST(MySqlConnection, WrongPasswordIsAConnectError) {
  KEEL_REQUIRE_MYSQL();
  std::string url = testing::MySqlServerUrl();
  url.insert(url.find('@'), ":wrong");
  EXPECT_THROW(Connection conn(url), ConnectError);
}

TEST(MySqlConnection, QueriesAndErrors) {
  KEEL_REQUIRE_MYSQL();
  testing::ScratchMySqlDatabase db;
  Connection conn = db.Connect();
  EXPECT_EQ(conn.Database(), db.name());
  EXPECT_FALSE(conn.ServerVersion().empty());
  conn.Execute("CREATE TABLE t (id int PRIMARY KEY, s varchar(10))");
  conn.ExecuteScript("INSERT INTO t VALUES (1, 'é');\nINSERT INTO t VALUES (2, NULL);");
  Rows r = conn.Query("SELECT id, s FROM t ORDER BY id");
  EXPECT_EQ(r.columns, (std::vector<std::string>{"id", "s"}));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][r.Column("s")], "é");  // utf8mb4 both ways
  EXPECT_EQ(r.rows[1][1], std::nullopt);
  EXPECT_TRUE(conn.Query("DELETE FROM t WHERE id = 0").rows.empty());

  try {
    conn.Execute("SELEC 1");
    FAIL() << "bad SQL ran";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code, 1064u);
    EXPECT_EQ(e.sqlstate, "42000");
  }
  // Execute runs one statement only.
  EXPECT_THROW(conn.Execute("SELECT 1; SELECT 2"), SqlError);

  try {
    conn.ExecuteScript(
        "INSERT INTO t VALUES (3, 'x'); INSERT INTO t VALUES (1, 'dup');"
        "INSERT INTO t VALUES (4, 'y')");
    FAIL() << "a duplicate key went in";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code, 1062u);
    EXPECT_NE(e.message.find("statement 2:"), std::string::npos) << e.message;
  }
  // Nothing after the failing statement ran, and the connection still works.
  EXPECT_EQ(conn.Query("SELECT COUNT(*) FROM t").rows[0][0], "3");

  // A procedure's results: the first is the query's, the others do not get in the way.
  conn.Execute("CREATE PROCEDURE two() BEGIN SELECT 1 AS a; SELECT 2 AS b; END");
  EXPECT_EQ(conn.Query("CALL two()").columns, (std::vector<std::string>{"a"}));
  EXPECT_EQ(conn.Query("SELECT 3").rows[0][0], "3");
}

}  // namespace
}  // namespace keel::introspect::mysql
