// MySQL column types, character sets and literals in the spelling the server reports
// (information_schema.COLUMNS.COLUMN_TYPE of MySQL 8 / MariaDB 10.11).
#pragma once

#include <string>
#include <vector>

namespace keel::parser::mysql {

/// Which server's defaults fill in what a file leaves out (collations).
enum class Server { kMariaDb, kMySql8 };

struct TypeSpec {
  std::string name;               // as written, any case, words separated by single spaces
  std::vector<std::string> args;  // numbers, or quoted enum/set members, as written
  bool is_unsigned = false;
  bool zerofill = false;
};

struct CanonicalType {
  std::string type;      // "int unsigned", "varchar(40)", "tinyint(1)", "enum('a','b')"
  bool textual = false;  // takes a character set and collation
  bool serial = false;   // SERIAL: also NOT NULL AUTO_INCREMENT UNIQUE
  /// NATIONAL CHAR/VARCHAR, NCHAR: their character set is fixed.
  std::string charset;
};

/// Aliases resolved (integer -> int, bool -> tinyint(1), numeric -> decimal(10,0)...), integer
/// display widths dropped (kept with ZEROFILL and for tinyint(1)), defaults made explicit.
CanonicalType CanonicalizeType(const TypeSpec& spec);
/// A type as the server reports it (COLUMN_TYPE, DTD_IDENTIFIER: "int(11) unsigned",
/// "enum('a','b')", "decimal(10,2)") split into a TypeSpec, to be canonicalized like a file's.
TypeSpec ParseColumnType(const std::string& column_type);

std::string AsciiLower(std::string s);

/// The index type the server stores for a key written with `method` ("" when none is written)
/// on a table of `engine` ("" is InnoDB): MEMORY keys are hash by default; other engines
/// build a plain key asked to be hash as btree, and a UNIQUE one too except on MariaDB (whose
/// long unique keys are hash).
std::string StoredIndexMethod(const std::string& engine, const std::string& method, bool unique,
                              Server server);

/// Lower case; utf8 is utf8mb3 (as MariaDB 10.6+ and MySQL 8 report it).
std::string CanonicalCharset(const std::string& charset);
/// Lower case; utf8_* collations are utf8mb3_*.
std::string CanonicalCollation(const std::string& collation);
/// The collation a character set gets when none is named ("" for an unknown charset):
/// utf8mb4_general_ci on MariaDB, utf8mb4_0900_ai_ci on MySQL 8.
std::string DefaultCollation(const std::string& charset, Server server);
/// The character set a collation belongs to: its name up to the first '_' ("binary" alone).
std::string CharsetOfCollation(const std::string& collation);

/// The value of a quoted string literal: quotes removed, '' and backslash escapes resolved.
std::string UnquoteString(const std::string& literal);
/// A backquoted identifier's name (`` becomes `); other identifiers as written.
std::string UnquoteIdent(const std::string& ident);
/// Canonical comparison key of an expression's text: backquotes dropped, lower case outside
/// string literals, whitespace removed except inside literals and between words.
std::string ExprKey(const std::string& text);
/// Comparison key of a routine or trigger body: comments removed (`#`, `-- `, `/* */`, but not
/// `/*! */`), as the mysql client removes them before the server stores the body, and each run
/// of whitespace one space. String literals and quoted names stay as written.
std::string BodyKey(const std::string& body);
/// `text` without the parentheses around the whole of it, any number of them: CHECK ((a > 0)),
/// and MySQL 8's (`a` > 0), key as a > 0 does.
std::string UnwrapParens(const std::string& text);
/// Canonical comparison key of a view's query, the same for the text as written and for the
/// server's rewrite of it (VIEW_DEFINITION, SHOW CREATE VIEW): names lose their qualifiers and
/// backquotes, AS and parentheses go, an alias equal to its column goes, ORDER BY an alias is
/// ORDER BY its expression, count(*) is count(0), charset introducers and the server's
/// function synonyms (ucase, substr...) are undone; `columns` (CREATE VIEW v (a, b)) become
/// the select list's aliases. Coarse on purpose: two queries that differ only in a qualifier
/// (a.x vs b.x) compare equal; an unaliased expression's generated alias (`max(x)`) does not.
std::string ViewKey(const std::string& query, const std::vector<std::string>& columns = {});
/// Canonical comparison key of a PARTITION BY clause (what follows BY): as ViewKey, and
/// per-partition ENGINE options dropped (every partition has the table's engine).
std::string PartitionKey(const std::string& clause);

}  // namespace keel::parser::mysql
