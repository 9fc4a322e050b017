#include "planner/mysql/render.h"

#include <gtest/gtest.h>

namespace keel::planner::mysql {
namespace {

model::Table Users() {
  model::Table t;
  t.name = {"", "users"};
  t.engine = "InnoDB";
  t.charset = "utf8mb4";
  t.collation = "utf8mb4_general_ci";
  return t;
}

TEST(MySqlRender, IdentifiersAreAlwaysBackquoted) {
  EXPECT_EQ(Ident("a`b"), "`a``b`");
  EXPECT_EQ(Name({"", "t"}), "`t`");
  EXPECT_EQ(Name({"shop", "t"}), "`shop`.`t`");
  EXPECT_EQ(Literal("it's a\\b"), "'it''s a\\\\b'");
}

TEST(MySqlRender, ColumnNamesCharsetOnlyWhenNotTheTables) {
  model::Table t = Users();
  model::Column c{.name = "email", .type = "varchar(255)", .not_null = true};
  c.charset = "utf8mb4";
  c.collation = "utf8mb4_general_ci";
  EXPECT_EQ(ColumnDefinition(c, t), "`email` varchar(255) NOT NULL");
  c.collation = "utf8mb4_bin";
  EXPECT_EQ(ColumnDefinition(c, t), "`email` varchar(255) COLLATE utf8mb4_bin NOT NULL");
  c.charset = "ascii";
  c.collation = "ascii_bin";
  EXPECT_EQ(ColumnDefinition(c, t),
            "`email` varchar(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL");
}

TEST(MySqlRender, ColumnAttributesInServerOrder) {
  model::Table t = Users();
  model::Column id{.name = "id", .type = "bigint unsigned", .not_null = true};
  id.auto_increment = true;
  id.comment = "key";
  EXPECT_EQ(ColumnDefinition(id, t), "`id` bigint unsigned NOT NULL AUTO_INCREMENT COMMENT 'key'");
  model::Column ts{.name = "at", .type = "timestamp", .default_expr = "CURRENT_TIMESTAMP"};
  ts.on_update = "CURRENT_TIMESTAMP";
  EXPECT_EQ(ColumnDefinition(ts, t),
            "`at` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP");
  model::Column g{.name = "g", .type = "int", .generated = "`a` + 1"};
  g.generated_virtual = true;
  EXPECT_EQ(ColumnDefinition(g, t), "`g` int GENERATED ALWAYS AS (`a` + 1) VIRTUAL");
}

TEST(MySqlRender, KeysWithPrefixesExpressionsAndDirection) {
  model::Index i;
  i.name = {"", "name_idx"};
  i.table = {"", "users"};
  i.keys.push_back({.expr = "name", .prefix_length = 20});
  i.keys.push_back({.expr = "created_at", .desc = true});
  i.keys.push_back({.expr = "(lower(`email`))", .is_expression = true});
  EXPECT_EQ(IndexDefinition(i), "KEY `name_idx` (`name`(20),`created_at` DESC,(lower(`email`)))");
  i.unique = true;
  i.method = "hash";
  i.comment = "c";
  EXPECT_EQ(IndexDefinition(i).substr(0, 11), "UNIQUE KEY ");
  EXPECT_NE(IndexDefinition(i).find(" USING HASH COMMENT 'c'"), std::string::npos);
  i.method = "fulltext";
  EXPECT_EQ(IndexDefinition(i).substr(0, 13), "FULLTEXT KEY ");
}

TEST(MySqlRender, ForeignKeyLeavesOutRestrict) {
  model::Constraint fk{.name = "fk", .kind = model::ConstraintKind::kForeignKey};
  fk.columns = {"user_id"};
  fk.ref_table = {"", "users"};
  fk.ref_columns = {"id"};
  fk.on_delete = 'c';
  fk.on_update = 'r';
  EXPECT_EQ(ConstraintDefinition(fk),
            "CONSTRAINT `fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE");
}

TEST(MySqlRender, CreateTableWithOptions) {
  model::Table t = Users();
  t.columns.push_back({.name = "id", .type = "int", .not_null = true});
  t.constraints.push_back(
      {.name = "PRIMARY", .kind = model::ConstraintKind::kPrimaryKey, .columns = {"id"}});
  t.options = {"row_format=DYNAMIC"};
  t.comment = "people";
  EXPECT_EQ(CreateTable(t, {}),
            "CREATE TABLE `users` (\n  `id` int NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB "
            "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci ROW_FORMAT=DYNAMIC "
            "COMMENT='people'");
}

}  // namespace
}  // namespace keel::planner::mysql
