// Command-line parsing: a table of commands and their options, with "did you mean".
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace keel::cli {

struct OptionSpec {
  std::string name;  // without leading dashes
  bool takes_value;
  bool repeatable;
  std::string help;
};

struct CommandSpec {
  std::string name;
  std::string synopsis;
  std::string summary;
  std::vector<OptionSpec> options;
  bool takes_positional = false;
};

const std::vector<CommandSpec>& Commands();
const CommandSpec* FindCommand(const std::string& name);

struct Target;

struct ParsedArgs {
  std::string command;
  /// The keel.toml target chosen with --target, with its policy; null without one.
  std::shared_ptr<const Target> target;
  std::map<std::string, std::vector<std::string>> options;  // flag -> values ("" for flags)
  std::vector<std::string> positional;

  bool Has(const std::string& name) const { return options.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> GetAll(const std::string& name) const;
};

/// Parses argv after the command name. On failure returns nullopt and sets `error` to a
/// message that includes a suggestion when one is close.
std::optional<ParsedArgs> ParseArgs(const CommandSpec& command,
                                    const std::vector<std::string>& args, std::string* error);

/// "2s", "500ms", "1min", or a plain number of milliseconds.
std::optional<int> ParseDuration(const std::string& text);
/// Reads duration option --`name` into *ms when given. Returns 0, or exit code 5 after saying
/// what is wrong on `err`.
int DurationArg(const ParsedArgs& args, const std::string& name, int* ms, std::ostream& err);

/// A whole number from 1 up.
std::optional<int> ParseCount(const std::string& text);

/// "unknown WHAT 'value'; did you mean 'x'? (one of: a, b, c)" for a value not among `choices`.
std::string UnknownChoice(const std::string& what, const std::string& value,
                          const std::vector<std::string>& choices);

/// The closest candidate to `word` within a small edit distance, or empty.
std::string Suggest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace keel::cli
