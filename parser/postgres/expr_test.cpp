#include "parser/postgres/expr.h"

#include <gtest/gtest.h>

namespace keel::parser::postgres {
namespace {

// Each pair: how a user writes it in a schema file, and how PostgreSQL 15 prints it back
// (pg_get_expr / pg_get_constraintdef, captured from a real server).
struct Pair {
  const char* file;
  const char* server;
};

class ExprPairs : public testing::TestWithParam<Pair> {};

TEST_P(ExprPairs, CanonicalizeEqual) {
  auto file = CanonicalExpr(GetParam().file);
  auto server = CanonicalExpr(GetParam().server);
  ASSERT_TRUE(file.has_value()) << GetParam().file;
  ASSERT_TRUE(server.has_value()) << GetParam().server;
  EXPECT_EQ(*file, *server);
}

INSTANTIATE_TEST_SUITE_P(
    Server, ExprPairs,
    testing::Values(
        Pair{"now()", "now()"}, Pair{"pg_catalog.now()", "now()"},
        Pair{"CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"}, Pair{"current_date", "CURRENT_DATE"},
        Pair{"1", "1"}, Pair{"-1", "'-1'::integer"}, Pair{"true", "true"},
        Pair{"'x'", "'x'::character varying"}, Pair{"'hi'", "'hi'::text"},
        Pair{"'{}'", "'{}'::jsonb"}, Pair{"'{}'", "'{}'::text[]"},
        Pair{"'[]'::jsonb", "'[]'::jsonb"}, Pair{"'2020-01-01'", "'2020-01-01'::date"},
        Pair{"ARRAY[]::text[]", "ARRAY[]::text[]"},
        Pair{"nextval('public.t_id_seq'::regclass)", "nextval('t_id_seq'::regclass)"},
        Pair{"nextval('t_id_seq')", "nextval('t_id_seq'::regclass)"},
        Pair{"k > 0", "(k > (0)::numeric)"}, Pair{"d > 0", "(d > 0)"},
        Pair{"e > 1.5", "(e > (1.5)::double precision)"}, Pair{"d * 2", "(d * 2)"},
        Pair{"now() - interval '1 day'", "(now() - '1 day'::interval)"},
        Pair{"lower('X')", "lower('X'::text)"}, Pair{"gen_random_uuid()", "gen_random_uuid()"},
        Pair{"a IN ('x', 'y')", "(a = ANY (ARRAY['x'::text, 'y'::text]))"},
        Pair{"b in ('p','q')",
             "((b)::text = ANY ((ARRAY['p'::character varying, 'q'::character "
             "varying])::text[]))"},
        Pair{"k between 1 and 3", "((k >= 1) AND (k <= 3))"},
        Pair{"l is not null and length(l) > 2", "((l IS NOT NULL) AND (length(l) > 2))"},
        Pair{"(k > 1 and a is not null)", "((k > 1) AND (a IS NOT NULL))"},
        Pair{"t::text = current_setting('app.t', true)::text",
             "((t)::text = current_setting('app.t'::text, true))"}));

TEST(CanonicalExpr, Forms) {
  EXPECT_EQ(CanonicalExpr("nextval('public.t_id_seq'::regclass)"), "nextval('t_id_seq')");
  EXPECT_EQ(CanonicalExpr("(d * 2)"), "d * 2");
  EXPECT_EQ(CanonicalExpr("NULL::text"), "NULL");
  EXPECT_EQ(CanonicalExpr("'1 day'::interval"), "'1 day'");
  EXPECT_EQ(CanonicalExpr("x::int4"), "x::int");
}

TEST(CanonicalExpr, RejectsNonExpressions) {
  EXPECT_EQ(CanonicalExpr("1; drop table t"), std::nullopt);
  EXPECT_EQ(CanonicalExpr("a from t"), std::nullopt);
  EXPECT_EQ(CanonicalExpr("(("), std::nullopt);
  EXPECT_EQ(CanonicalExpr("1 as x"), std::nullopt);
}

TEST(CanonicalType, FormatTypeSpellings) {
  // Expected values are format_type() output from PostgreSQL 15.
  const std::pair<const char*, const char*> cases[] = {
      {"int", "integer"},
      {"int4", "integer"},
      {"integer", "integer"},
      {"int8", "bigint"},
      {"int2", "smallint"},
      {"float8", "double precision"},
      {"float4", "real"},
      {"real", "real"},
      {"double precision", "double precision"},
      {"bool", "boolean"},
      {"varchar(20)", "character varying(20)"},
      {"varchar", "character varying"},
      {"char(3)", "character(3)"},
      {"char", "character(1)"},
      {"numeric(10,2)", "numeric(10,2)"},
      {"decimal", "numeric"},
      {"decimal(12)", "numeric(12,0)"},
      {"timestamp", "timestamp without time zone"},
      {"timestamptz", "timestamp with time zone"},
      {"timestamp(3)", "timestamp(3) without time zone"},
      {"time", "time without time zone"},
      {"timetz", "time with time zone"},
      {"interval", "interval"},
      {"bit(3)", "bit(3)"},
      {"varbit(5)", "bit varying(5)"},
      {"text", "text"},
      {"bytea", "bytea"},
      {"uuid", "uuid"},
      {"jsonb", "jsonb"},
      {"date", "date"},
      {"inet", "inet"},
      {"money", "money"},
      {"tsvector", "tsvector"},
      {"oid", "oid"},
      {"int[]", "integer[]"},
      {"text[][]", "text[]"},
      {"_int4", "integer[]"},
      {"bit", "bit(1)"},
      {"mood", "mood"},
      {"public.mood", "mood"},
      {"pg_catalog.text", "text"},
      {"s2.mood", "s2.mood"},
      {"\"My Type\"", "\"My Type\""},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(CanonicalType(in), want) << in;
}

}  // namespace
}  // namespace keel::parser::postgres
