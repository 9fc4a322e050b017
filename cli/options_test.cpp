#include "cli/options.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/cli.h"
#include "cli/exit_codes.h"

namespace keel::cli {
namespace {

int RunKeel(std::vector<std::string> args, std::string* out, std::string* err) {
  std::ostringstream o, e;
  int rc = Main(args, o, e);
  *out = o.str();
  *err = e.str();
  return rc;
}

TEST(Cli, UnknownCommandSuggestsTheClosest) {
  std::string out, err;
  EXPECT_EQ(RunKeel({"plna"}, &out, &err), kExitUsage);
  EXPECT_NE(err.find("unknown command 'plna'; did you mean 'plan'?"), std::string::npos);
}

TEST(Cli, UnknownOptionSuggestsTheClosest) {
  std::string out, err;
  EXPECT_EQ(RunKeel({"diff", "--form", "a.sql", "--to", "b.sql"}, &out, &err), kExitUsage);
  EXPECT_EQ(err, "keel diff: unknown option '--form' for 'keel diff'; did you mean '--from'?\n");
}

TEST(Cli, UnknownFormatSuggestsTheClosest) {
  std::string out, err;
  EXPECT_EQ(RunKeel({"diff", "--from", "a.sql", "--to", "b.sql", "--format", "sqll"}, &out, &err),
            kExitUsage);
  EXPECT_NE(err.find("did you mean 'sql'?"), std::string::npos);
}

TEST(Cli, MissingFileIsAUsageError) {
  std::string out, err;
  EXPECT_EQ(
      RunKeel({"diff", "--from", "/nonexistent/a.sql", "--to", "/nonexistent/b.sql"}, &out, &err),
      kExitUsage);
  EXPECT_NE(err.find("/nonexistent/a.sql"), std::string::npos);
}

TEST(Cli, VersionAndHelp) {
  std::string out, err;
  EXPECT_EQ(RunKeel({"--version"}, &out, &err), kExitOk);
  EXPECT_EQ(out.rfind("keel ", 0), 0u);
  EXPECT_EQ(RunKeel({"help", "plan"}, &out, &err), kExitOk);
  EXPECT_NE(out.find("--schema"), std::string::npos);
  EXPECT_EQ(RunKeel({"help", "pln"}, &out, &err), kExitUsage);
  EXPECT_NE(err.find("did you mean 'plan'?"), std::string::npos);
  EXPECT_EQ(RunKeel({}, &out, &err), kExitUsage);
}

TEST(Cli, BadDurationIsAUsageError) {
  std::string out, err;
  EXPECT_EQ(RunKeel({"diff", "--from", "a", "--to", "b", "--lock-timeout", "soon"}, &out, &err),
            kExitUsage);
  EXPECT_NE(err.find("not a duration"), std::string::npos);
}

TEST(Cli, BadPhaseAndBatchOptionsAreUsageErrors) {
  std::string out, err;
  for (const auto& [option, value] :
       std::vector<std::pair<std::string, std::string>>{{"--phase", "4"},
                                                        {"--phase", "0"},
                                                        {"--phase", "x"},
                                                        {"--batch-size", "0"},
                                                        {"--batch-size", "10k"},
                                                        {"--batch-pause", "-1s"}}) {
    err.clear();
    EXPECT_EQ(RunKeel({"diff", "--from", "a", "--to", "b", option, value}, &out, &err), kExitUsage)
        << option << " " << value;
    EXPECT_NE(err.find(option), std::string::npos) << err;
  }
}

TEST(Suggest, OnlyCloseWords) {
  EXPECT_EQ(Suggest("schemaa", {"schema", "db"}), "schema");
  EXPECT_EQ(Suggest("zzzzzz", {"schema", "db"}), "");
  // A unique abbreviation, however many letters it leaves out; an ambiguous one is not.
  EXPECT_EQ(Suggest("prod", {"production", "staging"}), "production");
  EXPECT_EQ(Suggest("st", {"status", "staging"}), "");
}

TEST(Suggest, UnknownChoiceNamesTheClosestAndAll) {
  EXPECT_EQ(UnknownChoice("format", "sarf", {"text", "json", "sarif"}),
            "unknown format 'sarf'; did you mean 'sarif'? (one of: text, json, sarif)");
  EXPECT_EQ(UnknownChoice("format", "xml", {"text", "json"}),
            "unknown format 'xml' (one of: text, json)");
}

}  // namespace
}  // namespace keel::cli
