// The lint corpus: one GoogleTest per tests/lint/corpus/*.sql migration file. Each file states
// what keel lint must find in it, in comments the linter itself ignores:
//
//   -- expect: CODE@LINE                 a finding (repeat for each; none listed, or
//                                        "-- expect: nothing", means no finding at all)
//   -- lint-schema: ../schemas/FILE.sql  lint with this schema as the one the file runs against
//   -- expect-without-schema: CODE@LINE  the findings without that schema (the false positives
//                                        the schema removes)
//   -- lint-option: in-transaction       the file runs inside one transaction
//
// Missing and extra findings both fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lint/lint.h"
#include "model/normalize.h"
#include "parser/postgres/parser.h"

namespace {

namespace fs = std::filesystem;

fs::path CorpusDir() { return fs::path(KEEL_SOURCE_DIR) / "tests" / "lint" / "corpus"; }

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct Case {
  std::vector<std::string> expect, expect_without_schema;
  std::string schema;
  bool in_transaction = false;
};

Case ReadCase(const std::string& text) {
  Case c;
  std::istringstream in(text);
  std::string line;
  auto value = [&](const std::string& key) -> std::optional<std::string> {
    size_t p = line.find(key);
    if (p == std::string::npos) return std::nullopt;
    std::string v = line.substr(p + key.size());
    v.erase(0, v.find_first_not_of(' '));
    v.erase(v.find_last_not_of(" \r") + 1);
    return v;
  };
  while (std::getline(in, line)) {
    if (auto v = value("-- expect-without-schema:"))
      c.expect_without_schema.push_back(*v);
    else if (auto v2 = value("-- expect:"); v2 && !v2->starts_with("nothing"))
      c.expect.push_back(*v2);
    else if (auto v3 = value("-- lint-schema:"))
      c.schema = *v3;
    else if (auto v4 = value("-- lint-option:"))
      c.in_transaction = *v4 == "in-transaction";
  }
  std::sort(c.expect.begin(), c.expect.end());
  std::sort(c.expect_without_schema.begin(), c.expect_without_schema.end());
  return c;
}

std::vector<std::string> LintCodes(const std::string& name, const std::string& text,
                                   const keel::lint::Options& options) {
  auto result = keel::lint::Lint({{name, text}}, options);
  for (const auto& e : result.errors) ADD_FAILURE() << e.Render();
  std::vector<std::string> out;
  for (const auto& f : result.findings)
    out.push_back(std::string(keel::planner::Info(f.code).id) + "@" + std::to_string(f.loc.line));
  std::sort(out.begin(), out.end());
  return out;
}

std::string Show(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += "\n  " + s;
  return out.empty() ? " (none)" : out;
}

class CorpusTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusTest, FindsExactlyWhatTheFileExpects) {
  const fs::path path = CorpusDir() / GetParam();
  const std::string text = Read(path);
  Case c = ReadCase(text);
  keel::lint::Options options;
  options.in_transaction = c.in_transaction;
  keel::model::Catalog schema;
  if (!c.schema.empty()) {
    fs::path schema_path = path.parent_path() / c.schema;
    auto parsed = keel::parser::postgres::ParseFiles({{schema_path.string(), Read(schema_path)}});
    ASSERT_TRUE(parsed.ok()) << parsed.errors[0].Render();
    schema = std::move(parsed.catalog);
    keel::model::Normalize(schema);
    options.schema = &schema;
  }
  auto found = LintCodes(GetParam(), text, options);
  EXPECT_EQ(found, c.expect) << "expected:" << Show(c.expect) << "\nfound:" << Show(found);
  if (!c.schema.empty()) {
    options.schema = nullptr;
    auto without = LintCodes(GetParam(), text, options);
    EXPECT_EQ(without, c.expect_without_schema)
        << "without the schema, expected:" << Show(c.expect_without_schema)
        << "\nfound:" << Show(without);
  }
}

std::vector<std::string> ListCorpus() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(CorpusDir()))
    if (e.path().extension() == ".sql") out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - 4);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusTest, ::testing::ValuesIn(ListCorpus()), CaseName);

TEST(Corpus, HasAtLeastSixtyFiles) { EXPECT_GE(ListCorpus().size(), 60u); }

}  // namespace
