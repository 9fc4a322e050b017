#include "model/catalog.h"

#include <gtest/gtest.h>

namespace keel::model {

TEST(QuoteIdent, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(QuoteIdent("users"), "users");
  EXPECT_EQ(QuoteIdent("user"), "\"user\"");
  EXPECT_EQ(QuoteIdent("Users"), "\"Users\"");
  EXPECT_EQ(QuoteIdent("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(QuoteIdent("_x1"), "_x1");
  EXPECT_EQ(QuoteIdent("1x"), "\"1x\"");
}

TEST(QualifiedName, SqlAndDisplay) {
  QualifiedName n{"My Schema", "t"};
  EXPECT_EQ(n.Sql(), "\"My Schema\".t");
  EXPECT_EQ(n.Display(), "My Schema.t");
}

}  // namespace keel::model
