// A connection to MySQL or MariaDB through MariaDB Connector/C, for introspection, apply and
// tests. URLs: mysql://user[:password]@host[:port]/database[?socket=PATH] (also mariadb://);
// every part may be percent-encoded. Without a password in the URL, $MYSQL_PWD is used. The
// connection speaks utf8mb4 and never reads option files (my.cnf).
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct st_mysql;  // MYSQL of <mysql.h>, kept out of this header

namespace keel::introspect::mysql {

/// A URL that does not parse, or a server that cannot be reached or refuses us. The message
/// names the URL with its password redacted.
struct ConnectError : std::runtime_error {
  explicit ConnectError(const std::string& text) : std::runtime_error(text), message(text) {}
  std::string message;
};

/// A statement the server rejected: its error number, SQLSTATE and message.
struct SqlError : std::runtime_error {
  SqlError(unsigned int error_code, std::string state, const std::string& text);
  unsigned int code;
  std::string sqlstate;
  std::string message;
};

struct Url {
  std::string user = "root";
  std::string password;  // empty: $MYSQL_PWD, or none
  std::string host = "127.0.0.1";
  unsigned int port = 3306;
  std::string database;  // empty: none selected
  std::string socket;    // set: connect through this Unix socket instead of TCP
};

/// Parses a mysql:// or mariadb:// URL. Throws ConnectError.
Url ParseUrl(const std::string& url);
/// The URL with its password replaced by "***" (also when the URL does not parse).
std::string RedactUrl(const std::string& url);

/// The result of a query: column names and rows of values (nullopt for SQL NULL).
struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
  /// Index of a column by name; throws std::out_of_range when there is none.
  size_t Column(const std::string& name) const;
};

/// One open session; closed on destruction. Movable, not copyable; not thread-safe.
class Connection {
 public:
  explicit Connection(const std::string& url);
  ~Connection();
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs one statement and returns its rows (none for a statement without a result; the
  /// first result of a CALL).
  Rows Query(const std::string& sql);
  /// Runs one statement, discarding any result.
  void Execute(const std::string& sql);
  /// Runs many `;`-separated statements (no DELIMITER commands: those belong to the mysql
  /// client). Stops at the first error: SqlError whose message names the statement's number.
  void ExecuteScript(const std::string& sql);

  /// The current database (SELECT DATABASE()); empty when none is selected.
  std::string Database();
  std::string ServerVersion() const;  // "10.11.19-MariaDB-0+deb12u1", "8.0.36"
  bool IsMariaDb() const;
  /// The URL it was opened with, password redacted.
  const std::string& url() const { return redacted_url_; }

 private:
  [[noreturn]] void Fail();
  Rows Store();  // the current result, read and freed

  std::unique_ptr<st_mysql, void (*)(st_mysql*)> mysql_;
  std::string redacted_url_;
};

/// Opens a connection: same as Connection(url).
Connection Connect(const std::string& url);

}  // namespace keel::introspect::mysql
