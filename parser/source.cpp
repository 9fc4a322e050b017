#include "parser/source.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace keel::parser {
namespace {

namespace fs = std::filesystem;

bool ReadFile(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// Single-quotes an argument for /bin/sh.
std::string ShellQuote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// Runs a command and captures its stdout; false when it exits non-zero.
bool RunCommand(const std::string& command, std::string& out) {
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return false;
  std::array<char, 4096> buf;
  size_t n;
  out.clear();
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  return pclose(pipe) == 0;
}

LoadResult LoadGit(const std::string& spec) {
  LoadResult result;
  // git:REV:path; REV itself never contains ':' in practice (branch, tag, sha, HEAD~1).
  std::string rest = spec.substr(4);
  size_t colon = rest.find(':');
  std::string rev = colon == std::string::npos ? rest : rest.substr(0, colon);
  std::string path = colon == std::string::npos ? "" : rest.substr(colon + 1);
  if (rev.empty()) {
    result.error = "invalid git source (expected git:REV:path): " + spec;
    return result;
  }
  std::string listing;
  std::string cmd = "git ls-tree -r --name-only " + ShellQuote(rev) + " --";
  if (!path.empty()) cmd += " " + ShellQuote(path);
  if (!RunCommand(cmd, listing)) {
    result.error =
        "cannot read git revision " + rev + " (not a git repository or unknown revision)";
    return result;
  }
  std::vector<std::string> names;
  std::istringstream lines(listing);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    // A file given exactly is taken whatever its extension; a directory yields its *.sql files.
    if (line == path || line.ends_with(".sql")) names.push_back(line);
  }
  if (names.empty()) {
    result.error = "no such file or directory in git revision " + rev + ": " + path;
    return result;
  }
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    SourceFile file{"git:" + rev + ":" + name, ""};
    if (!RunCommand("git show " + ShellQuote(rev + ":" + name), file.text)) {
      result.error = "cannot read " + name + " at git revision " + rev;
      result.files.clear();
      return result;
    }
    result.files.push_back(std::move(file));
  }
  return result;
}

}  // namespace

SourceKind ClassifySource(const std::string& spec) {
  if (spec.starts_with("postgres://") || spec.starts_with("postgresql://"))
    return SourceKind::kPostgres;
  if (spec.starts_with("mysql://") || spec.starts_with("mariadb://")) return SourceKind::kMysql;
  if (spec.starts_with("git:")) return SourceKind::kGit;
  // libpq conninfo: key=value pairs. A path may contain '=', so require a leading "word=".
  size_t eq = spec.find('=');
  if (eq != std::string::npos && eq > 0) {
    bool word = true;
    for (size_t i = 0; i < eq; ++i) {
      char c = spec[i];
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) word = false;
    }
    if (word) return SourceKind::kPostgres;
  }
  return SourceKind::kFiles;
}

LoadResult LoadSource(const std::string& spec) {
  if (ClassifySource(spec) == SourceKind::kGit) return LoadGit(spec);
  LoadResult result;
  std::error_code ec;
  fs::path root(spec);
  if (!fs::exists(root, ec)) {
    result.error = "no such file or directory: " + spec;
    return result;
  }
  if (!fs::is_directory(root, ec)) {
    SourceFile file{spec, ""};
    if (!ReadFile(root, file.text)) {
      result.error = "cannot read file: " + spec;
      return result;
    }
    result.files.push_back(std::move(file));
    return result;
  }
  std::vector<fs::path> paths;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".sql") paths.push_back(it->path());
  }
  if (ec) {
    result.error = "cannot read directory " + spec + ": " + ec.message();
    return result;
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    SourceFile file{p.string(), ""};
    if (!ReadFile(p, file.text)) {
      result.error = "cannot read file: " + p.string();
      result.files.clear();
      return result;
    }
    result.files.push_back(std::move(file));
  }
  return result;
}

}  // namespace keel::parser
