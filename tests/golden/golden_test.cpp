// Golden cases: every tests/golden/**/*.case file is one test. Each holds current.sql and
// desired.sql, and the expected output of
//
//   keel diff --from current.sql --to desired.sql --format sql              -> plan.sql
//   keel diff --from current.sql --to desired.sql --format sql --rollback   -> rollback.sql
//   keel diff --from current.sql --to desired.sql --format text --no-color  -> text
//   stderr of a successful run (warnings), when not empty                   -> warnings
//   exit code and stderr of a failing run ("exit N" line, then stderr)      -> error
//
// Cases under mysql/ are MySQL / MariaDB schema files: every run gets `--dialect mysql`.
// An optional `args` section holds extra options for every run, one per line (`--privileges`);
// a `roles` section names roles the live conformance run creates first (policies, grants).
//
// keel runs in-process (keel::cli::Main) inside a temporary directory holding the two files, so
// messages say "desired.sql:3:5" whatever the machine. No server is needed.
//
// To accept keel's current output as the expectation (then READ the diff before committing):
//   keel_golden_tests --update            or   KEEL_UPDATE=1 ctest -L golden
// It rewrites the expected sections of every case that runs (filter with --gtest_filter).
// A case without any expected section gets plan.sql, rollback.sql and text (or error).
//
// Besides the expected sections every successful case checks that the plan is deterministic
// and that each side diffed against itself is empty (normalization is stable).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "tests/golden/case_file.h"

namespace keel::golden {
namespace {

namespace fs = std::filesystem;

bool g_update = false;

const std::string& CaseDir() {
  static const std::string dir = KEEL_SOURCE_DIR "/tests/golden";
  return dir;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// The file format keeps a newline at the end of every non-empty section.
std::string WithNewline(std::string text) {
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

struct RunResult {
  int exit = 0;
  std::string out;
  std::string err;
};

RunResult Keel(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  RunResult r;
  r.exit = cli::Main(args, out, err);
  r.out = WithNewline(out.str());
  r.err = WithNewline(err.str());
  return r;
}

// A fresh directory that is the working directory for the object's lifetime.
class ScratchDir {
 public:
  ScratchDir() : previous_(fs::current_path()) {
    std::string pattern = (fs::temp_directory_path() / "keel-golden-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
    fs::current_path(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::current_path(previous_, ec);
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path previous_;
  fs::path path_;
};

const std::vector<std::string> kDiff = {"diff", "--from", "current.sql", "--to", "desired.sql"};

// The case's `args` section: options added to every run.
std::vector<std::string> g_case_args;

std::vector<std::string> DiffArgs(std::initializer_list<std::string> extra) {
  std::vector<std::string> args = kDiff;
  args.insert(args.end(), g_case_args.begin(), g_case_args.end());
  args.insert(args.end(), extra);
  return args;
}

// The outputs of one case, keyed like the sections that hold them.
struct Actual {
  RunResult plan;
  RunResult rollback;
  RunResult text;
  bool failed() const { return plan.exit != 0; }
  std::string error() const { return "exit " + std::to_string(plan.exit) + "\n" + plan.err; }
};

const char* const kExpectedSections[] = {"plan.sql", "rollback.sql", "text", "warnings", "error"};

void Update(CaseFile& file, const Actual& actual) {
  if (actual.failed()) {
    for (const char* s : kExpectedSections) file.Remove(s);
    file.Set("error", actual.error());
    return;
  }
  bool any = false;
  for (const char* s : kExpectedSections) any = any || file.Get(s).has_value();
  file.Remove("error");
  if (!any || file.Get("plan.sql")) file.Set("plan.sql", actual.plan.out);
  if (!any || file.Get("rollback.sql")) file.Set("rollback.sql", actual.rollback.out);
  if (!any || file.Get("text")) file.Set("text", actual.text.out);
  if (actual.plan.err.empty()) {
    file.Remove("warnings");
  } else {
    file.Set("warnings", actual.plan.err);
  }
}

void Check(const CaseFile& file, const Actual& actual) {
  if (auto error = file.Get("error")) {
    EXPECT_EQ(*error, actual.error()) << "exit code and stderr differ";
    return;
  }
  ASSERT_EQ(0, actual.plan.exit) << "keel failed:\n" << actual.plan.err;
  EXPECT_EQ(file.Get("warnings").value_or(""), actual.plan.err) << "stderr (warnings) differ";
  bool any = false;
  if (auto plan = file.Get("plan.sql")) {
    any = true;
    EXPECT_EQ(*plan, actual.plan.out) << "plan.sql differs";
  }
  if (auto rollback = file.Get("rollback.sql")) {
    any = true;
    EXPECT_EQ(0, actual.rollback.exit) << actual.rollback.err;
    EXPECT_EQ(*rollback, actual.rollback.out) << "rollback.sql differs";
  }
  if (auto text = file.Get("text")) {
    any = true;
    EXPECT_EQ(0, actual.text.exit) << actual.text.err;
    EXPECT_EQ(*text, actual.text.out) << "text differs";
  }
  EXPECT_TRUE(any) << "no expected section (plan.sql, rollback.sql, text, error): run with "
                      "--update";
}

// Invariants that need no expectation: the same inputs give the same plan, and each side
// compared with itself has no changes.
void CheckInvariants(const Actual& actual) {
  RunResult again = Keel(DiffArgs({"--format", "sql"}));
  EXPECT_EQ(actual.plan.out, again.out) << "the plan is not deterministic";
  for (const char* side : {"current.sql", "desired.sql"}) {
    std::vector<std::string> args = {"diff", "--from",      side,       "--to",
                                     side,   "--exit-code", "--format", "sql"};
    args.insert(args.end(), g_case_args.begin(), g_case_args.end());
    RunResult self = Keel(args);
    EXPECT_EQ(0, self.exit) << side << " diffed against itself is not empty:\n"
                            << self.out << self.err;
  }
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, Case) {
  const fs::path path = fs::path(CaseDir()) / GetParam();
  std::string error;
  auto file = ParseCaseFile(ReadFile(path), &error);
  ASSERT_TRUE(file) << path.string() << ": " << error;
  auto desired = file->Get("desired.sql");
  ASSERT_TRUE(desired) << path.string() << ": no desired.sql section";

  g_case_args = file->Lines("args");
  if (GetParam().rfind("mysql/", 0) == 0)
    g_case_args.insert(g_case_args.begin(), {"--dialect", "mysql"});
  ScratchDir dir;
  WriteFile("current.sql", file->Get("current.sql").value_or(""));
  WriteFile("desired.sql", *desired);

  Actual actual;
  actual.plan = Keel(DiffArgs({"--format", "sql"}));
  if (!actual.failed()) {
    actual.rollback = Keel(DiffArgs({"--format", "sql", "--rollback"}));
    actual.text = Keel(DiffArgs({"--format", "text", "--no-color"}));
  }

  if (g_update) {
    CaseFile updated = *file;
    Update(updated, actual);
    if (updated.Serialize() != file->Serialize()) {
      WriteFile(path, updated.Serialize());
      std::printf("updated %s\n", path.string().c_str());
    }
    *file = updated;
  }
  Check(*file, actual);
  if (!actual.failed()) CheckInvariants(actual);
}

// "postgres/table/add column.case" -> "postgres_table_add_column".
std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - std::strlen(".case"));
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenTest, ::testing::ValuesIn(ListCaseFiles(CaseDir())),
                         CaseName);

}  // namespace
}  // namespace keel::golden

int main(int argc, char** argv) {
  // --update is ours; strip it before GoogleTest sees the arguments.
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--update") == 0) {
      keel::golden::g_update = true;
    } else {
      args.push_back(argv[i]);
    }
  }
  if (const char* env = std::getenv("KEEL_UPDATE"); env && std::strcmp(env, "1") == 0)
    keel::golden::g_update = true;
  int count = static_cast<int>(args.size());
  args.push_back(nullptr);
  ::testing::InitGoogleTest(&count, args.data());
  return RUN_ALL_TESTS();
}
