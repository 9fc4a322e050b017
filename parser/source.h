// Schema sources: a file, a directory (every *.sql below it, in path order) or git:REV:path.
#pragma once

#include <string>
#include <vector>

#include "parser/diagnostic.h"

namespace keel::parser {

struct SourceFile {
  std::string path;  // as shown in messages: relative spelling given by the user
  std::string text;
};

enum class SourceKind { kFiles, kGit, kPostgres, kMysql };

/// Classifies a source argument per CLI.md (postgres://, key=value conninfo, git:, path).
SourceKind ClassifySource(const std::string& spec);

struct LoadResult {
  std::vector<SourceFile> files;
  std::string error;  // non-empty: the source could not be read (a usage error, exit 5)
};

/// Reads the files of a file/dir/git source. Directories are walked recursively in path order.
LoadResult LoadSource(const std::string& spec);

}  // namespace keel::parser
