#include "parser/diagnostic.h"

#include <gtest/gtest.h>

namespace keel::parser {
namespace {

TEST(DiagSourceManager, LocatesOffsets) {
  std::string text = "ab\ncdé\n\nx";
  SourceManager sm("f.sql", text);
  EXPECT_EQ(sm.Locate(0).ToString(), "f.sql:1:1");
  EXPECT_EQ(sm.Locate(3).ToString(), "f.sql:2:1");
  EXPECT_EQ(sm.Locate(7).ToString(), "f.sql:2:4");  // é is two bytes, one column
  EXPECT_EQ(sm.Locate(9).ToString(), "f.sql:4:1");
  EXPECT_EQ(sm.Locate(100).ToString(), "f.sql:4:2");
}

TEST(DiagSourceManager, RendersErrorsAndWarnings) {
  std::string text = "CREATE TABLE t (\n\ta int,, b int\n);";
  SourceManager sm("s.sql", text);
  EXPECT_EQ(sm.Error(24, "syntax error").Render(),
            "s.sql:2:8: error: syntax error\n\ta int,, b int\n\t      ^");
  EXPECT_EQ(sm.Warning(0, "careful").Render(), "s.sql:1:1: warning: careful\nCREATE TABLE t (\n^");
  Diagnostic bare;
  bare.message = "no location";
  EXPECT_EQ(bare.Render(), "error: no location");
}

}  // namespace
}  // namespace keel::parser
