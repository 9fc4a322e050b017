// Views, materialized views, user types and extensions, as the parser folds them.
#include <gtest/gtest.h>

#include "parser/postgres/parse_for_test.h"
#include "parser/postgres/parser.h"

namespace keel::parser::postgres {
namespace {

using model::QualifiedName;

TEST(ParseViews, RecordColumnsAndReferences) {
  auto r = Parse(
      "CREATE VIEW active (id, who) AS SELECT u.id, u.name FROM users u WHERE u.active;\n"
      "CREATE TABLE users (id int PRIMARY KEY, name text, active bool);\n"
      "CREATE MATERIALIZED VIEW counts AS SELECT count(*) AS n FROM active WITH NO DATA;\n"
      "COMMENT ON MATERIALIZED VIEW counts IS 'how many';");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& v = r.catalog.views.at({"public", "active"});
  EXPECT_FALSE(v.materialized);
  EXPECT_EQ(v.columns, (std::vector<std::string>{"id", "who"}));
  ASSERT_EQ(v.relations.size(), 1u);
  EXPECT_EQ(v.relations[0], (QualifiedName{"public", "users"}));
  EXPECT_NE(std::find(v.column_refs.begin(), v.column_refs.end(), "active"), v.column_refs.end());
  const auto& m = r.catalog.views.at({"public", "counts"});
  EXPECT_TRUE(m.materialized);
  EXPECT_EQ(m.columns, (std::vector<std::string>{"n"}));
  EXPECT_EQ(m.comment, "how many");
}

// Found by the property test: a descending sequence without START starts at its maximum, so
// reading it as 1 planned "START WITH 1", which the server rejects.
TEST(ParseSequences, StartDefaultsToTheLowOrHighEnd) {
  auto r = Parse(
      "CREATE SEQUENCE down INCREMENT BY -1;\n"
      "CREATE SEQUENCE down_max INCREMENT BY -2 MAXVALUE -10;\n"
      "CREATE SEQUENCE up_min MINVALUE 5;\n"
      "CREATE SEQUENCE given INCREMENT BY -1 START WITH -3;");
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(r.catalog.sequences.at({"public", "down"}).start, -1);
  EXPECT_EQ(r.catalog.sequences.at({"public", "down_max"}).start, -10);
  EXPECT_EQ(r.catalog.sequences.at({"public", "up_min"}).start, 5);
  EXPECT_EQ(r.catalog.sequences.at({"public", "given"}).start, -3);
}

TEST(ParseViews, SameBodyDifferentSpellingIsEqual) {
  auto a = Parse("CREATE TABLE t (a int); CREATE VIEW v AS SELECT a FROM t WHERE a > 1;");
  auto b = Parse("create table t (a int); create view v as select t.a from public.t where (a>1);");
  ASSERT_TRUE(a.ok() && b.ok()) << Errors(a) << Errors(b);
  EXPECT_EQ(a.catalog.views.at({"public", "v"}).query, b.catalog.views.at({"public", "v"}).query);
}

TEST(ParseTypes, EnumsDomainsCompositesExtensions) {
  auto r = Parse(
      "CREATE TYPE mood AS ENUM ('sad', 'happy');\n"
      "ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';\n"
      "CREATE DOMAIN posint AS int4 NOT NULL DEFAULT 1 CHECK (VALUE > 0);\n"
      "CREATE TYPE pair AS (a int, b varchar(3) COLLATE \"C\");\n"
      "CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;\n"
      "COMMENT ON TYPE mood IS 'feelings';");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& e = r.catalog.enums.at({"public", "mood"});
  EXPECT_EQ(e.values, (std::vector<std::string>{"sad", "ok", "happy"}));
  EXPECT_EQ(e.comment, "feelings");
  const auto& d = r.catalog.domains.at({"public", "posint"});
  EXPECT_EQ(d.base_type, "integer");
  EXPECT_TRUE(d.not_null);
  EXPECT_EQ(d.default_expr, "1");
  ASSERT_EQ(d.constraints.size(), 1u);
  EXPECT_EQ(d.constraints[0].name, "posint_check");
  const auto& c = r.catalog.composites.at({"public", "pair"});
  ASSERT_EQ(c.attributes.size(), 2u);
  EXPECT_EQ(c.attributes[1].type, "character varying(3)");
  EXPECT_EQ(c.attributes[1].collation, "\"C\"");
  EXPECT_EQ(r.catalog.extensions.at("pgcrypto").schema, "public");
}

TEST(ParseTypes, AddValueToAMissingEnumNamesIt) {
  auto r = Parse("ALTER TYPE nowhere ADD VALUE 'x';");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.errors[0].message.find("nowhere"), std::string::npos) << Errors(r);
}

}  // namespace
}  // namespace keel::parser::postgres
