#include "apply/shadow.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <chrono>
#include <pqxx/pqxx>
#include <stdexcept>

namespace keel::apply {
namespace {

std::string Quoted(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

namespace {

// `conninfo` as key=value pairs with `keyword` left out; its value goes to `dropped`.
std::string Without(const std::string& conninfo, const std::string& keyword, std::string* dropped) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (!options) {
    std::string message = error ? error : "invalid connection string";
    PQfreemem(error);
    throw std::runtime_error(message);
  }
  std::string out;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val) continue;
    if (keyword == o->keyword) {
      if (dropped) *dropped = o->val;
      continue;
    }
    out += std::string(o->keyword) + "=" + Quoted(o->val) + " ";
  }
  PQconninfoFree(options);
  return out;
}

}  // namespace

std::string WithDatabase(const std::string& conninfo, const std::string& dbname) {
  return Without(conninfo, "dbname", nullptr) + "dbname=" + Quoted(dbname);
}

std::string WithoutPassword(const std::string& conninfo, std::string* password) {
  std::string out = Without(conninfo, "password", password);
  if (!out.empty()) out.pop_back();
  return out;
}

ScratchDatabase::ScratchDatabase(const std::string& server) : server_(server) {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  name_ = "keel_shadow_" + std::to_string(getpid()) + "_" +
          std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
  pqxx::connection conn(server_);
  pqxx::nontransaction tx(conn);
  tx.exec("CREATE DATABASE " + tx.quote_name(name_) + " TEMPLATE template0");
  conninfo_ = WithDatabase(server_, name_);
}

ScratchDatabase::~ScratchDatabase() {
  try {
    pqxx::connection conn(server_);
    pqxx::nontransaction tx(conn);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (...) {
    // The name is unique; a leftover is harmless and says what it was.
  }
}

}  // namespace keel::apply
