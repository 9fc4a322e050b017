#include "parser/postgres/partition.h"

#include <gtest/gtest.h>

#include "parser/postgres/parse_for_test.h"
#include "parser/postgres/parser.h"

namespace keel::parser::postgres {
namespace {

using model::QualifiedName;

TEST(ParsePartitions, KeysAndBoundsInServerSpelling) {
  auto r = Parse(
      "CREATE TABLE p (id int, ts timestamptz, d date, n bigint, s text)\n"
      "  PARTITION BY RANGE (ts, (id + 1), lower(s) text_pattern_ops);\n"
      "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2022-03-01 01:00:00+01', 0, 'a')\n"
      "  TO ('2022-04-01', MAXVALUE, MAXVALUE);\n"
      "CREATE TABLE l (n bigint, d date) PARTITION BY LIST (n);\n"
      "CREATE TABLE l1 PARTITION OF l FOR VALUES IN (1, NULL, '2');\n"
      "CREATE TABLE r (d date) PARTITION BY RANGE (d);\n"
      "CREATE TABLE r1 PARTITION OF r FOR VALUES FROM ('2022-01-01') TO ('2022-02-01'::date);\n"
      "CREATE TABLE r2 PARTITION OF r DEFAULT;\n"
      "CREATE TABLE h (i int) PARTITION BY HASH (i);\n"
      "CREATE TABLE h0 PARTITION OF h FOR VALUES WITH (MODULUS 4, REMAINDER 3);\n");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& t = r.catalog.tables;
  EXPECT_EQ(t.at({"public", "p"}).partition_by.sql,
            "RANGE (ts, (id + 1), (lower(s)) text_pattern_ops)");
  EXPECT_EQ(t.at({"public", "p"}).partition_by,
            ServerPartitionKey("RANGE (ts, ((id + 1)), lower(s) text_pattern_ops)"));
  EXPECT_EQ(t.at({"public", "p1"}).partition_of, (QualifiedName{"public", "p"}));
  EXPECT_EQ(t.at({"public", "p1"}).partition_bound,
            "FOR VALUES FROM ('2022-03-01 00:00:00+00', 0, 'a') "
            "TO ('2022-04-01 00:00:00+00', MAXVALUE, MAXVALUE)");
  EXPECT_EQ(t.at({"public", "l1"}).partition_bound, "FOR VALUES IN ('1', NULL, '2')");
  EXPECT_EQ(t.at({"public", "r1"}).partition_bound,
            "FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')");
  EXPECT_EQ(t.at({"public", "r2"}).partition_bound, "DEFAULT");
  EXPECT_EQ(t.at({"public", "h0"}).partition_bound, "FOR VALUES WITH (modulus 4, remainder 3)");
  // A partition's columns are its parent's: none of its own.
  EXPECT_TRUE(t.at({"public", "p1"}).columns.empty());
}

TEST(ParsePartitions, ValuesPrintAsTheServerPrintsTheirType) {
  auto r = Parse(
      "CREATE TABLE n (v numeric) PARTITION BY LIST (v);\n"
      "CREATE TABLE n1 PARTITION OF n FOR VALUES IN (1.50, 2, '3');\n"
      "CREATE TABLE i (v int, t timestamp, r real) PARTITION BY RANGE (v, t, r);\n"
      "CREATE TABLE i1 PARTITION OF i FOR VALUES FROM (-10, '2022-01-01', 1.5)\n"
      "  TO (5, '2022-01-02 12:30', 2);\n"
      "CREATE TABLE b (v boolean) PARTITION BY LIST (v);\n"
      "CREATE TABLE b1 PARTITION OF b FOR VALUES IN (true);\n");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& t = r.catalog.tables;
  EXPECT_EQ(t.at({"public", "n1"}).partition_bound, "FOR VALUES IN (1.50, '2', '3')");
  EXPECT_EQ(t.at({"public", "i1"}).partition_bound,
            "FOR VALUES FROM ('-10', '2022-01-01 00:00:00', '1.5') "
            "TO (5, '2022-01-02 12:30:00', '2')");
  EXPECT_EQ(t.at({"public", "b1"}).partition_bound, "FOR VALUES IN (true)");
}

TEST(ParsePartitions, ServerSpellingIsAFixedPoint) {
  for (const char* bound :
       {"FOR VALUES FROM ('2022-03-01 00:00:00+00') TO ('2022-04-01 00:00:00+00')",
        "FOR VALUES IN ('x', NULL, 'y')", "FOR VALUES IN (1, 2)", "DEFAULT",
        "FOR VALUES FROM (MINVALUE) TO (10)", "FOR VALUES WITH (modulus 4, remainder 0)"})
    EXPECT_EQ(CanonicalPartitionBound(bound), bound);
}

TEST(ParsePartitions, PgDumpAttachStripsWhatTheParentGives) {
  auto r = Parse(
      "ALTER INDEX p_pkey ATTACH PARTITION c_pkey;\n"
      "ALTER INDEX p_v ATTACH PARTITION c_v_idx;\n"
      "CREATE TABLE p (id int NOT NULL, v text, CONSTRAINT ck CHECK (id > 0), PRIMARY KEY (id))\n"
      "  PARTITION BY RANGE (id);\n"
      "CREATE TABLE c (id int NOT NULL, v text DEFAULT 'y', CONSTRAINT ck CHECK (id > 0),\n"
      "  CONSTRAINT own CHECK (id < 10));\n"
      "ALTER TABLE ONLY p ATTACH PARTITION c FOR VALUES FROM (0) TO (10);\n"
      "ALTER TABLE ONLY c ADD CONSTRAINT c_pkey PRIMARY KEY (id);\n"
      "CREATE INDEX p_v ON ONLY p (v);\n"
      "CREATE INDEX c_v_idx ON c (v);\n"
      "CREATE INDEX c_local ON c (v);\n");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& c = r.catalog.tables.at({"public", "c"});
  EXPECT_EQ(c.partition_of, (QualifiedName{"public", "p"}));
  EXPECT_EQ(c.partition_bound, "FOR VALUES FROM (0) TO (10)");
  EXPECT_TRUE(c.columns.empty());
  ASSERT_EQ(c.constraints.size(), 1u);
  EXPECT_EQ(c.constraints[0].name, "own");
  EXPECT_FALSE(r.catalog.indexes.contains({"public", "c_v_idx"}));
  EXPECT_TRUE(r.catalog.indexes.contains({"public", "c_local"}));
}

TEST(ParsePartitions, InheritsUnloggedAndOptions) {
  auto r = Parse(
      "CREATE TABLE base (id int);\n"
      "CREATE UNLOGGED TABLE c (x int) INHERITS (base) WITH (fillfactor = 70, "
      "autovacuum_enabled);\n"
      "ALTER TABLE c SET (fillfactor = 80, toast_tuple_target = 256), RESET (autovacuum_enabled);\n"
      "ALTER TABLE c SET LOGGED;\n"
      "CREATE TABLE d (id int);\n"
      "ALTER TABLE d INHERIT base;\n");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& c = r.catalog.tables.at({"public", "c"});
  EXPECT_EQ(c.inherits, (std::vector<QualifiedName>{{"public", "base"}}));
  EXPECT_FALSE(c.unlogged);
  EXPECT_EQ(c.options, (std::vector<std::string>{"fillfactor=80", "toast_tuple_target=256"}));
  ASSERT_EQ(c.columns.size(), 1u);  // base's id is inherited, not c's own
  EXPECT_EQ(r.catalog.tables.at({"public", "d"}).inherits.size(), 1u);
}

TEST(ParsePartitions, Errors) {
  auto r = Parse(
      "CREATE TABLE c PARTITION OF nope FOR VALUES IN (1);\n"
      "ALTER INDEX nope_idx ATTACH PARTITION missing_idx;\n"
      "CREATE TABLE t (a int) WITH (toast.autovacuum_enabled = false);\n");
  ASSERT_EQ(r.errors.size(), 3u) << Errors(r);
  EXPECT_EQ(r.errors[0].message, "unsupported storage parameter: toast.autovacuum_enabled");
  EXPECT_EQ(r.errors[1].message, "index public.missing_idx does not exist");
  EXPECT_EQ(r.errors[2].message, "partition parent of public.c does not exist");
}

}  // namespace
}  // namespace keel::parser::postgres
