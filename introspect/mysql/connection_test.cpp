#include "introspect/mysql/connection.h"

#include <gtest/gtest.h>

namespace keel::introspect::mysql {
namespace {

TEST(MySqlUrl, Parts) {
  Url u = ParseUrl("mysql://app:s%40cret@db.example:3307/shop");
  EXPECT_EQ(u.user, "app");
  EXPECT_EQ(u.password, "s@cret");
  EXPECT_EQ(u.host, "db.example");
  EXPECT_EQ(u.port, 3307u);
  EXPECT_EQ(u.database, "shop");
  EXPECT_TRUE(u.socket.empty());

  Url s = ParseUrl("mariadb://root@localhost/my%20db?socket=%2Ftmp%2Fm.sock");
  EXPECT_EQ(s.user, "root");
  EXPECT_EQ(s.port, 3306u);
  EXPECT_EQ(s.database, "my db");
  EXPECT_EQ(s.socket, "/tmp/m.sock");

  Url bare = ParseUrl("mysql://127.0.0.1");
  EXPECT_EQ(bare.user, "root");
  EXPECT_TRUE(bare.database.empty());
  EXPECT_EQ(ParseUrl("mysql://u@[::1]:3310/").host, "::1");
}

TEST(MySqlUrl, Errors) {
  EXPECT_THROW(ParseUrl("postgres://u@h/db"), ConnectError);
  EXPECT_THROW(ParseUrl("mysql://u@h:99999/db"), ConnectError);
  EXPECT_THROW(ParseUrl("mysql://u@h/db?sslmode=x"), ConnectError);
  try {
    ParseUrl("mysql://u:topsecret@h:x/db");
    FAIL() << "a bad port parses";
  } catch (const ConnectError& e) {
    EXPECT_EQ(std::string(e.what()).find("topsecret"), std::string::npos) << e.what();
    EXPECT_NE(e.message.find("mysql://u:***@h:x/db"), std::string::npos) << e.message;
  }
}

TEST(MySqlUrl, RedactsThePasswordOnly) {
  EXPECT_EQ(RedactUrl("mysql://u:p%40ss@h:1/db"), "mysql://u:***@h:1/db");
  EXPECT_EQ(RedactUrl("mysql://u@h/db"), "mysql://u@h/db");
  EXPECT_EQ(RedactUrl("mysql://h/db"), "mysql://h/db");
  EXPECT_EQ(RedactUrl("mysql://u:a@b@h/db"), "mysql://u:***@h/db");
}

}  // namespace
}  // namespace keel::introspect::mysql
