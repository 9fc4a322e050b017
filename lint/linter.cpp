// The driver: parses each file, runs the checker over its statements in order, then applies
// the file's keel-lint suppression comments.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "lint/checker.h"
#include "lint/lint.h"

namespace keel::lint {

namespace pg = parser::postgres;
using planner::HazardCode;
using planner::Severity;

namespace {

// One `-- keel-lint: ignore[-file] CODE[,CODE] -- reason` comment.
struct Suppression {
  size_t offset;         // of the comment
  bool file = false;     // ignore-file: the whole file
  size_t statement = 0;  // ignore: the first statement ending after the comment
  std::vector<HazardCode> codes;
  std::set<HazardCode> used;
};

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

// Parses the comment's text; returns false when it is no keel-lint comment. Problems with the
// comment itself go to `problems` at `loc`.
bool ParseSuppression(std::string text, Suppression* s, std::vector<Finding>& problems,
                      const model::SourceLoc& loc) {
  if (text.starts_with("--")) {
    text = text.substr(2);
  } else if (text.starts_with("/*")) {
    text = text.substr(2, text.size() >= 4 ? text.size() - 4 : 0);
  }
  text = Trim(text);
  static const std::string kTag = "keel-lint:";
  if (!text.starts_with(kTag)) return false;
  text = Trim(text.substr(kTag.size()));
  std::string reason;
  if (size_t dash = text.find("--"); dash != std::string::npos) {
    reason = Trim(text.substr(dash + 2));
    text = text.substr(0, dash);
  }
  std::string action = text.substr(0, text.find_first_of(" \t"));
  if (action != "ignore" && action != "ignore-file") {
    problems.push_back({HazardCode::kUnknownLintCode,
                        planner::Info(HazardCode::kUnknownLintCode).severity, loc,
                        "keel-lint comment without 'ignore' or 'ignore-file'"});
    return false;
  }
  s->file = action == "ignore-file";
  std::string list = text.substr(action.size());
  for (char& c : list)
    if (c == ',') c = ' ';
  size_t i = 0;
  while (i < list.size()) {
    size_t start = list.find_first_not_of(" \t", i);
    if (start == std::string::npos) break;
    size_t end = list.find_first_of(" \t", start);
    if (end == std::string::npos) end = list.size();
    std::string code = list.substr(start, end - start);
    const planner::HazardInfo* info = planner::FindHazard(code);
    if (info == nullptr || !IsRule(info->code))
      problems.push_back({HazardCode::kUnknownLintCode,
                          planner::Info(HazardCode::kUnknownLintCode).severity, loc,
                          "'" + code + "' is not a lint rule"});
    else
      s->codes.push_back(info->code);
    i = end;
  }
  if (s->codes.empty() && list.find_first_not_of(" \t") == std::string::npos)
    problems.push_back({HazardCode::kUnknownLintCode,
                        planner::Info(HazardCode::kUnknownLintCode).severity, loc,
                        "keel-lint " + action + " names no rule"});
  if (reason.empty())
    problems.push_back({HazardCode::kSuppressionWithoutReason,
                        planner::Info(HazardCode::kSuppressionWithoutReason).severity, loc,
                        "keel-lint " + action + " without a reason after --"});
  return true;
}

void LintFile(const parser::SourceFile& file, const Options& options, Result& result) {
  parser::SourceManager sm(file.path, file.text);
  // The parser's view: psql-only lines blanked, offsets unchanged.
  const std::string sql = pg::BlankPsqlOnlyLines(file.text);
  pg::ParsedSql parsed = pg::ParseSql(sql);
  if (parsed.tree == nullptr) {
    size_t offset = parsed.cursorpos > 0 ? static_cast<size_t>(parsed.cursorpos - 1) : 0;
    result.errors.push_back(sm.Error(offset, parsed.error));
    return;
  }
  // Statement ends, for attaching suppressions to the statement they precede or sit in.
  std::vector<size_t> ends;
  for (size_t i = 0; i < parsed.tree->n_stmts; ++i) {
    const PgQuery__RawStmt* raw = parsed.tree->stmts[i];
    ends.push_back(raw->stmt_len > 0 ? static_cast<size_t>(raw->stmt_location + raw->stmt_len)
                                     : sql.size());
  }
  std::vector<Finding> problems;
  std::vector<Suppression> suppressions;
  for (auto [start, end] : pg::Comments(sql)) {
    Suppression s;
    s.offset = start;
    model::SourceLoc loc = sm.Locate(start);
    if (!ParseSuppression(sql.substr(start, end - start), &s, problems, loc)) continue;
    // The statement the comment sits in or precedes; a comment after a statement's ';' on the
    // same line belongs to that statement.
    size_t next =
        static_cast<size_t>(std::upper_bound(ends.begin(), ends.end(), start) - ends.begin());
    if (next > 0 && sm.Locate(ends[next - 1]).line == loc.line) --next;
    s.statement = next;
    suppressions.push_back(std::move(s));
  }

  std::vector<Raw> raw;
  Checker checker(sm, options, raw);
  for (size_t i = 0; i < parsed.tree->n_stmts; ++i) {
    PgQuery__RawStmt* stmt = parsed.tree->stmts[i];
    size_t offset = pg::SkipTrivia(sql, static_cast<size_t>(std::max(stmt->stmt_location, 0)));
    checker.Statement(stmt->stmt, i, offset);
  }

  std::vector<Finding> kept = std::move(problems);
  for (auto& r : raw) {
    bool suppressed = false;
    for (auto& s : suppressions) {
      if (!s.file && s.statement != r.statement) continue;
      if (std::find(s.codes.begin(), s.codes.end(), r.finding.code) == s.codes.end()) continue;
      s.used.insert(r.finding.code);
      suppressed = true;
    }
    if (suppressed)
      ++result.suppressed;
    else
      kept.push_back(std::move(r.finding));
  }
  for (const auto& s : suppressions)
    for (HazardCode code : s.codes)
      if (!s.used.count(code))
        kept.push_back({HazardCode::kUnusedSuppression,
                        planner::Info(HazardCode::kUnusedSuppression).severity, sm.Locate(s.offset),
                        std::string(planner::Info(code).id) + " suppressed nothing here"});
  std::stable_sort(kept.begin(), kept.end(), [](const Finding& a, const Finding& b) {
    if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
    if (a.loc.col != b.loc.col) return a.loc.col < b.loc.col;
    return a.code < b.code;
  });
  for (auto& f : kept) result.findings.push_back(std::move(f));
}

}  // namespace

bool IsRule(HazardCode code) { return code >= planner::kFirstLintRule; }

std::vector<HazardCode> Rules() {
  std::vector<HazardCode> out;
  for (const auto& h : planner::AllHazards())
    if (IsRule(h.code)) out.push_back(h.code);
  return out;
}

Result Lint(const std::vector<parser::SourceFile>& files, const Options& options) {
  Result result;
  for (const auto& file : files) LintFile(file, options, result);
  return result;
}

}  // namespace keel::lint
