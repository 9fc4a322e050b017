#include "cli/manual.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace keel::cli {
namespace {

TEST(Manual, ManPageHasEveryCommandOptionAndExitCode) {
  std::string man = ManPage();
  EXPECT_EQ(man.rfind(".TH KEEL 1 ", 0), 0u);
  for (const auto& c : Commands()) {
    EXPECT_NE(man.find("\n.SS " + c.name + "\n"), std::string::npos) << c.name;
    for (const auto& o : c.options) {
      std::string flag;
      for (char ch : o.name) flag += ch == '-' ? std::string("\\-") : std::string(1, ch);
      EXPECT_NE(man.find(".B \\-\\-" + flag), std::string::npos) << c.name << " --" << o.name;
    }
  }
  for (const auto& [code, meaning] : ExitCodeMeanings())
    EXPECT_NE(man.find(".B " + std::to_string(code) + "\n"), std::string::npos) << code;
  EXPECT_NE(Usage().find("  10  plan/diff with --exit-code: changes present\n"), std::string::npos);
}

// Runs the completion function in bash for the words of a command line.
std::string Complete(const std::string& words) {
  auto dir =
      std::filesystem::temp_directory_path() / ("keel-completion-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "keel.bash") << BashCompletion();
  std::ofstream(dir / "run.sh") << "source " << (dir / "keel.bash").string() << "\n"
                                << "COMP_WORDS=(" << words << ")\n"
                                << "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                                << "_keel\necho \"${COMPREPLY[*]}\"\n";
  std::string cmd = "cd " + dir.string() + " && bash run.sh 2>&1";
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    pclose(p);
  }
  std::filesystem::remove_all(dir);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(Manual, BashCompletionOffersCommandsOptionsAndFormats) {
  EXPECT_EQ(Complete("keel pl"), "plan");
  EXPECT_EQ(Complete("keel plan --form"), "--format");
  EXPECT_EQ(Complete("keel diff --format m"), "markdown");
  EXPECT_EQ(Complete("keel lint --format sa"), "sarif");
  EXPECT_EQ(Complete("keel lint --fail-on cr"), "critical");
  EXPECT_EQ(Complete("keel help ap"), "apply");
  EXPECT_EQ(Complete("keel apply --dry"), "--dry-run");
  EXPECT_EQ(Complete("keel apply --lock-wait ''"), "");  // a value, not an option
  EXPECT_EQ(Complete("keel completion b"), "bash");
}

}  // namespace
}  // namespace keel::cli
