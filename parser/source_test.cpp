#include "parser/source.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace keel::parser {
namespace {

namespace fs = std::filesystem;

class SourceDir : public testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "keel-source-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << text;
  }
  int Sh(const std::string& cmd) {
    return std::system(("cd '" + root_.string() + "' && " + cmd + " >/dev/null 2>&1").c_str());
  }
  fs::path root_;
};

TEST(SourceClassify, Kinds) {
  EXPECT_EQ(ClassifySource("postgres://u@h/db"), SourceKind::kPostgres);
  EXPECT_EQ(ClassifySource("postgresql://h/db"), SourceKind::kPostgres);
  EXPECT_EQ(ClassifySource("host=x dbname=y"), SourceKind::kPostgres);
  EXPECT_EQ(ClassifySource("mysql://root@h/db"), SourceKind::kMysql);
  EXPECT_EQ(ClassifySource("git:main:schema"), SourceKind::kGit);
  EXPECT_EQ(ClassifySource("schema/"), SourceKind::kFiles);
  EXPECT_EQ(ClassifySource("dir/a=b.sql"), SourceKind::kFiles);
}

TEST_F(SourceDir, DirectoryIsWalkedRecursivelyInPathOrder) {
  Write("b.sql", "B");
  Write("a/z.sql", "AZ");
  Write("a/b.sql", "AB");
  Write("notes.txt", "skip");
  auto r = LoadSource(root_.string() + "/");
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.files.size(), 3u);
  EXPECT_EQ(r.files[0].path, root_.string() + "/a/b.sql");
  EXPECT_EQ(r.files[0].text, "AB");
  EXPECT_EQ(r.files[1].path, root_.string() + "/a/z.sql");
  EXPECT_EQ(r.files[2].path, root_.string() + "/b.sql");
}

TEST_F(SourceDir, SingleFileAndMissingFile) {
  Write("one.sql", "CREATE TABLE t (a int);");
  auto r = LoadSource((root_ / "one.sql").string());
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].text, "CREATE TABLE t (a int);");
  auto missing = LoadSource((root_ / "nope.sql").string());
  EXPECT_TRUE(missing.files.empty());
  EXPECT_EQ(missing.error, "no such file or directory: " + (root_ / "nope.sql").string());
}

TEST_F(SourceDir, GitRevisionIsReadWithoutCheckout) {
  ASSERT_EQ(Sh("git init -q -b main . && git config user.email t@t && git config user.name t"), 0);
  Write("schema/b.sql", "OLD B");
  Write("schema/sub/a.sql", "OLD A");
  Write("other.sql", "X");
  ASSERT_EQ(Sh("git add . && git commit -qm one"), 0);
  Write("schema/b.sql", "NEW B");  // working tree change must not leak in
  fs::path cwd = fs::current_path();
  fs::current_path(root_);
  auto r = LoadSource("git:main:schema");
  auto bad = LoadSource("git:nope:schema");
  fs::current_path(cwd);
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.files.size(), 2u);
  EXPECT_EQ(r.files[0].path, "git:main:schema/b.sql");
  EXPECT_EQ(r.files[0].text, "OLD B");
  EXPECT_EQ(r.files[1].path, "git:main:schema/sub/a.sql");
  EXPECT_FALSE(bad.error.empty());
}

}  // namespace
}  // namespace keel::parser
