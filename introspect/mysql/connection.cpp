#include "introspect/mysql/connection.h"

#include <mysql.h>

#include <cstdlib>
#include <mutex>

namespace keel::introspect::mysql {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Decode(const std::string& text, const std::string& url) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    int hi = i + 2 < text.size() ? HexDigit(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? HexDigit(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) throw ConnectError("bad percent-encoding in " + RedactUrl(url));
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// Where the user-info part (user[:password]@) of a URL ends: the last '@' before the path.
size_t UserInfoEnd(const std::string& url, size_t authority) {
  size_t path = url.find_first_of("/?", authority);
  size_t at = url.rfind('@', path == std::string::npos ? std::string::npos : path);
  return at == std::string::npos || at < authority ? std::string::npos : at;
}

// The library's global state is set up once, before any thread opens a connection.
void InitLibrary() {
  static std::once_flag once;
  std::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
}

void CloseMysql(st_mysql* m) {
  if (m != nullptr) mysql_close(m);
}

}  // namespace

SqlError::SqlError(unsigned int error_code, std::string state, const std::string& text)
    : std::runtime_error("ERROR " + std::to_string(error_code) + " (" + state + "): " + text),
      code(error_code),
      sqlstate(std::move(state)),
      message(text) {}

std::string RedactUrl(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t authority = scheme + 3;
  size_t at = UserInfoEnd(url, authority);
  if (at == std::string::npos) return url;
  size_t colon = url.find(':', authority);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

Url ParseUrl(const std::string& url) {
  Url out;
  size_t scheme = url.find("://");
  std::string kind = scheme == std::string::npos ? "" : url.substr(0, scheme);
  if (kind != "mysql" && kind != "mariadb") {
    throw ConnectError("not a mysql:// or mariadb:// URL: " + RedactUrl(url));
  }
  size_t authority = scheme + 3;
  size_t at = UserInfoEnd(url, authority);
  if (at != std::string::npos) {
    std::string info = url.substr(authority, at - authority);
    size_t colon = info.find(':');
    out.user = Decode(info.substr(0, colon), url);
    if (colon != std::string::npos) out.password = Decode(info.substr(colon + 1), url);
    authority = at + 1;
  }
  size_t end = url.find_first_of("/?", authority);
  std::string hostport = url.substr(authority, end - authority);
  // [::1]:3306 for IPv6 literals.
  size_t colon = hostport.rfind(':');
  if (colon != std::string::npos && hostport.find(']', colon) == std::string::npos) {
    std::string port = hostport.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != port.npos ||
        std::stoul(port) == 0 || std::stoul(port) > 65535) {
      throw ConnectError("bad port in " + RedactUrl(url));
    }
    out.port = static_cast<unsigned int>(std::stoul(port));
    hostport.resize(colon);
  }
  if (hostport.size() > 1 && hostport.front() == '[' && hostport.back() == ']') {
    hostport = hostport.substr(1, hostport.size() - 2);
  }
  if (!hostport.empty()) out.host = Decode(hostport, url);
  if (end == std::string::npos) return out;
  size_t query = url.find('?', end);
  if (url[end] == '/') out.database = Decode(url.substr(end + 1, query - end - 1), url);
  if (query == std::string::npos) return out;
  std::string params = url.substr(query + 1);
  for (size_t pos = 0; pos <= params.size();) {
    size_t amp = params.find('&', pos);
    std::string param = params.substr(pos, amp - pos);
    size_t eq = param.find('=');
    std::string key = param.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : Decode(param.substr(eq + 1), url);
    if (key == "socket") {
      out.socket = value;
    } else if (!key.empty()) {
      throw ConnectError("unknown URL parameter \"" + key + "\" in " + RedactUrl(url));
    }
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return out;
}

size_t Rows::Column(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return i;
  }
  throw std::out_of_range("no column " + name + " in the result");
}

Connection::Connection(const std::string& url)
    : mysql_(nullptr, CloseMysql), redacted_url_(RedactUrl(url)) {
  Url u = ParseUrl(url);
  if (u.password.empty()) {
    const char* env = std::getenv("MYSQL_PWD");
    if (env != nullptr) u.password = env;
  }
  InitLibrary();
  mysql_.reset(mysql_init(nullptr));
  if (!mysql_) throw ConnectError("out of memory connecting to " + redacted_url_);
  unsigned int timeout = 10;
  mysql_optionsv(mysql_.get(), MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_optionsv(mysql_.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
  // "localhost" means the default socket to the library; a URL's host means TCP unless a
  // socket is named.
  unsigned int protocol = u.socket.empty() ? MYSQL_PROTOCOL_TCP : MYSQL_PROTOCOL_SOCKET;
  mysql_optionsv(mysql_.get(), MYSQL_OPT_PROTOCOL, &protocol);
  if (!mysql_real_connect(mysql_.get(), u.host.c_str(), u.user.c_str(),
                          u.password.empty() ? nullptr : u.password.c_str(),
                          u.database.empty() ? nullptr : u.database.c_str(), u.port,
                          u.socket.empty() ? nullptr : u.socket.c_str(), 0)) {
    std::string why = mysql_error(mysql_.get());
    throw ConnectError("cannot connect to " + redacted_url_ + ": " + why);
  }
}

Connection::~Connection() = default;
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;

Connection Connect(const std::string& url) { return Connection(url); }

void Connection::Fail() {
  throw SqlError(mysql_errno(mysql_.get()), mysql_sqlstate(mysql_.get()),
                 mysql_error(mysql_.get()));
}

Rows Connection::Query(const std::string& sql) {
  if (mysql_real_query(mysql_.get(), sql.data(), sql.size()) != 0) Fail();
  Rows out = Store();
  // A CALL sends more results (the procedure's SELECTs, then its status): the first is kept,
  // the rest read and dropped so that the connection takes the next statement.
  while (mysql_more_results(mysql_.get())) {
    if (mysql_next_result(mysql_.get()) > 0) Fail();
    Store();
  }
  return out;
}

Rows Connection::Store() {
  Rows out;
  MYSQL_RES* res = mysql_store_result(mysql_.get());
  if (res == nullptr) {
    if (mysql_field_count(mysql_.get()) != 0) Fail();
    return out;
  }
  std::unique_ptr<MYSQL_RES, void (*)(MYSQL_RES*)> guard(res, mysql_free_result);
  unsigned int n = mysql_num_fields(res);
  MYSQL_FIELD* fields = mysql_fetch_fields(res);
  for (unsigned int i = 0; i < n; ++i) out.columns.emplace_back(fields[i].name);
  out.rows.reserve(mysql_num_rows(res));
  while (MYSQL_ROW row = mysql_fetch_row(res)) {
    unsigned long* lengths = mysql_fetch_lengths(res);
    auto& values = out.rows.emplace_back(n);
    for (unsigned int i = 0; i < n; ++i) {
      if (row[i] != nullptr) values[i] = std::string(row[i], lengths[i]);
    }
  }
  return out;
}

void Connection::Execute(const std::string& sql) { Query(sql); }

void Connection::ExecuteScript(const std::string& sql) {
  mysql_set_server_option(mysql_.get(), MYSQL_OPTION_MULTI_STATEMENTS_ON);
  int statement = 1;
  auto fail = [&] {
    SqlError e(mysql_errno(mysql_.get()), mysql_sqlstate(mysql_.get()),
               "statement " + std::to_string(statement) + ": " + mysql_error(mysql_.get()));
    // Later statements are never run after an error; the connection is usable again.
    mysql_set_server_option(mysql_.get(), MYSQL_OPTION_MULTI_STATEMENTS_OFF);
    throw e;
  };
  if (mysql_real_query(mysql_.get(), sql.data(), sql.size()) != 0) fail();
  for (;;) {
    if (MYSQL_RES* res = mysql_store_result(mysql_.get())) {
      mysql_free_result(res);
    } else if (mysql_field_count(mysql_.get()) != 0) {
      fail();
    }
    int next = mysql_next_result(mysql_.get());
    if (next == -1) break;
    ++statement;
    if (next > 0) fail();
  }
  mysql_set_server_option(mysql_.get(), MYSQL_OPTION_MULTI_STATEMENTS_OFF);
}

std::string Connection::Database() {
  Rows r = Query("SELECT DATABASE()");
  return r.rows.empty() || !r.rows[0][0] ? "" : *r.rows[0][0];
}

std::string Connection::ServerVersion() const { return mysql_get_server_info(mysql_.get()); }

bool Connection::IsMariaDb() const { return ServerVersion().find("MariaDB") != std::string::npos; }

}  // namespace keel::introspect::mysql
