// What the PostgreSQL and MySQL conformance runners share: running keel in process, turning its
// failures into stable causes, comparing two schemas through keel diff.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tests/conformance/runner.h"

namespace keel::conformance::detail {

std::string ShellQuote(const std::string& word);
/// Runs a shell command; returns its exit status with stdout+stderr in `output`.
int Shell(const std::string& command, std::string* output);
std::string FirstLine(const std::string& text);
/// The first line holding `marker`, from the marker on; else the first line.
std::string LineFrom(const std::string& text, const std::string& marker);
/// Quoted names vary per case; causes group better without them.
std::string Generalize(const std::string& message);
/// "add constraint t_a_fkey on public.t" -> "add constraint"; keeps a "(what)" suffix.
std::string StepKind(const std::string& description);
/// The descriptions of a plan's steps, from its "-- step N: ..." comment lines.
std::vector<std::string> StepDescriptions(const std::string& sql);

struct KeelRun {
  int exit = 0;
  std::string out;
  std::string err;
};
KeelRun Keel(const std::vector<std::string>& args);
/// A keel error as a cause: the message after "error: ", without the file location.
Result KeelFailure(const std::string& stage, const KeelRun& run);
Result Failure(const std::string& cause, const std::string& detail);

/// A temporary file deleted with the object.
class TempFile {
 public:
  explicit TempFile(const std::string& text);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// "apply error: <server message without names>".
std::string ApplyError(const std::string& error);
/// Empty when `a` and `b` hold the same schema (keel diff with `args`); otherwise the failure
/// with `stage`.
std::optional<Result> Compare(const std::string& stage, const std::string& a, const std::string& b,
                              const std::vector<std::string>& args);

/// Empty when a second `keel plan` of `desired` against `db` (with `args`) has nothing to do;
/// otherwise the failure.
std::optional<Result> Idempotent(const std::string& desired, const std::string& db,
                                 const std::vector<std::string>& args);

}  // namespace keel::conformance::detail
