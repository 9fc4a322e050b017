#include "apply/checks.h"

#include <fmt/format.h>
#include <sys/statvfs.h>

#include <regex>
#include <set>

#include "diff/differ.h"
#include "introspect/postgres/align.h"
#include "model/default_schema.h"
#include "model/normalize.h"
#include "parser/postgres/parser.h"

namespace keel::apply {
namespace {

// A SQL array literal of the given strings.
std::string TextArray(pqxx::transaction_base& tx, const std::vector<std::string>& items) {
  std::string out = "ARRAY[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + tx.quote(items[i]);
  return out + "]::text[]";
}

// " AND <namespace oid> is the --in-schema target's schema", or nothing for a whole database:
// the other tenants are not the target, and may be in the middle of their own applies.
std::string InTarget(pqxx::transaction_base& tx, const std::string& namespace_oid) {
  const std::string& tenant = model::InSchema();
  if (tenant.empty()) return "";
  return " AND " + namespace_oid +
         " IN (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = " + tx.quote(tenant) + ")";
}

bool Has(const planner::Step& s, planner::HazardCode code) {
  for (const auto& h : s.hazards)
    if (h.code == code) return true;
  return false;
}

std::string Bytes(double b) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1024 && u < 4) b /= 1024, ++u;
  return fmt::format("{:.1f} {}", b, units[u]);
}

}  // namespace

std::vector<std::string> TouchedTables(const planner::Plan& plan) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (const auto& s : plan.steps)
    if (!s.lock_table.empty() && seen.insert(s.lock_table).second) out.push_back(s.lock_table);
  return out;
}

std::vector<Check> Preflight(pqxx::connection& conn, const planner::Plan& plan,
                             const PreflightOptions& options) {
  std::vector<Check> checks;
  pqxx::nontransaction tx(conn);
  const auto tables = TouchedTables(plan);
  const std::string regclasses =
      "(SELECT c.oid, c.relname, n.nspname, c.relowner FROM unnest(" + TextArray(tx, tables) +
      ") AS t(name) JOIN pg_class c ON c.oid = to_regclass(t.name) JOIN pg_namespace n ON "
      "n.oid = c.relnamespace)";

  Check version{"server version"};
  int num = tx.exec("SELECT current_setting('server_version_num')::int")[0][0].as<int>();
  version.detail = tx.exec("SELECT current_setting('server_version')")[0][0].c_str();
  if (num < 120000) {
    version.ok = false;
    version.detail += ": keel needs PostgreSQL 12 or later";
  }
  checks.push_back(version);

  Check privileges{"privileges"};
  std::vector<std::string> missing;
  for (const auto& r : tx.exec("SELECT quote_ident(t.nspname) || '.' || quote_ident(t.relname), "
                               "pg_has_role(current_user, t.relowner, 'USAGE'), "
                               "has_schema_privilege(t.nspname, 'CREATE') FROM " +
                               regclasses + " t ORDER BY 1")) {
    if (!r[1].as<bool>()) missing.push_back(std::string(r[0].c_str()) + " (not its owner)");
    if (!r[2].as<bool>())
      missing.push_back(std::string(r[0].c_str()) + " (no CREATE on its schema)");
  }
  if (!tx.exec("SELECT has_database_privilege(current_database(), 'CREATE')")[0][0].as<bool>())
    missing.push_back("the database (no CREATE, needed for schema keel)");
  privileges.ok = missing.empty();
  privileges.detail = missing.empty()
                          ? fmt::format("may alter the {} touched tables", tables.size())
                          : "cannot alter " + fmt::format("{}", fmt::join(missing, ", "));
  checks.push_back(privileges);

  Check long_tx{"long transactions"};
  std::vector<std::string> old;
  for (const auto& r : tx.exec(fmt::format(
           "SELECT pid, coalesce(usename, ''), extract(epoch FROM clock_timestamp() - xact_start)"
           "::bigint, coalesce(state, '') FROM pg_stat_activity WHERE xact_start < "
           "clock_timestamp() - interval '{} milliseconds' AND pid <> pg_backend_pid() AND "
           "backend_type = 'client backend' AND datname = current_database() ORDER BY "
           "xact_start",
           options.long_transaction_ms)))
    old.push_back(fmt::format("pid {} ({}, {} s, {})", r[0].c_str(), r[1].c_str(), r[2].c_str(),
                              r[3].c_str()));
  long_tx.ok = old.empty();
  long_tx.detail = old.empty()
                       ? fmt::format("none older than {} s", options.long_transaction_ms / 1000)
                       : "open longer than the threshold (they make lock waits and "
                         "concurrent builds wait): " +
                             fmt::format("{}", fmt::join(old, ", "));
  checks.push_back(long_tx);

  Check locks{"locks on touched tables"};
  std::vector<std::string> held, yielding;
  for (const auto& r : tx.exec(
           "SELECT quote_ident(t.nspname) || '.' || quote_ident(t.relname), l.mode, l.pid, "
           "l.granted, coalesce(a.backend_type, ''), coalesce(a.query, '') FROM pg_locks l JOIN " +
           regclasses +
           " t ON t.oid = l.relation LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
           // Relation OIDs repeat across databases (shards copied from one template share them).
           "WHERE l.pid <> pg_backend_pid() AND l.database = (SELECT oid FROM pg_database WHERE "
           "datname = current_database()) AND (NOT l.granted OR "
           "l.mode NOT IN ('AccessShareLock', 'RowShareLock', 'RowExclusiveLock')) ORDER BY 1, "
           "3")) {
    // Autovacuum cancels itself when a lock it conflicts with is requested, unless it runs to
    // prevent wraparound: only that one would hold the plan up.
    if (std::string(r[4].c_str()) == "autovacuum worker" &&
        std::string(r[5].c_str()).find("to prevent wraparound") == std::string::npos) {
      yielding.push_back(r[0].c_str());
      continue;
    }
    held.push_back(fmt::format("{} {} by pid {}", r[0].c_str(),
                               r[3].as<bool>() ? std::string("held ") + r[1].c_str()
                                               : std::string("waited for ") + r[1].c_str(),
                               r[2].c_str()));
  }
  locks.ok = held.empty();
  locks.detail =
      held.empty() ? "no blocking lock held or awaited" : fmt::format("{}", fmt::join(held, ", "));
  if (!yielding.empty())
    locks.detail +=
        fmt::format(" (autovacuum on {} gives way to the plan's locks)", fmt::join(yielding, ", "));
  checks.push_back(locks);

  Check standbys{"replication lag"};
  std::vector<std::string> lagging;
  int count = 0;
  for (const auto& r :
       tx.exec("SELECT coalesce(application_name, ''), coalesce(client_addr::text, 'local'), "
               "coalesce(extract(epoch FROM greatest(write_lag, flush_lag, replay_lag)) * 1000, 0)"
               "::bigint FROM pg_stat_replication ORDER BY 1, 2")) {
    ++count;
    if (r[2].as<long>() > options.replication_lag_ms)
      lagging.push_back(
          fmt::format("{} ({}) {} ms behind", r[0].c_str(), r[1].c_str(), r[2].c_str()));
  }
  standbys.ok = lagging.empty();
  standbys.detail = count == 0        ? "no standby streams from this server"
                    : lagging.empty() ? fmt::format("{} standbys within {} s", count,
                                                    options.replication_lag_ms / 1000)
                                      : fmt::format("{}", fmt::join(lagging, ", "));
  checks.push_back(standbys);

  Check disk{"disk space"};
  std::vector<std::string> heavy;
  for (const auto& s : plan.steps)
    if (Has(s, planner::HazardCode::kTableRewrite) || Has(s, planner::HazardCode::kIndexBuild))
      heavy.push_back(s.lock_table);
  double largest = 0;
  if (!heavy.empty())
    largest = tx.exec("SELECT coalesce(max(pg_total_relation_size(c.oid)), 0) FROM unnest(" +
                      TextArray(tx, heavy) +
                      ") AS t(name) JOIN pg_class c ON c.oid = "
                      "to_regclass(t.name)")[0][0]
                  .as<double>();
  std::string dir =
      tx.exec("SELECT coalesce(current_setting('data_directory', true), '')")[0][0].c_str();
  struct statvfs fs {};
  if (largest == 0) {
    disk.detail = "no rewrite or index build";
  } else if (dir.empty() || statvfs(dir.c_str(), &fs) != 0) {
    disk.skipped = true;
    disk.detail = "largest rewrite or build needs about " + Bytes(largest) +
                  "; the server's free space is not visible from here";
  } else {
    double free_bytes = double(fs.f_bavail) * fs.f_frsize;
    disk.ok = free_bytes > largest * 1.2;
    disk.detail =
        Bytes(free_bytes) + " free, largest rewrite or build needs about " + Bytes(largest);
  }
  checks.push_back(disk);
  return checks;
}

std::string ParseDesired(const std::string& sql, model::Catalog* out) {
  auto parsed = parser::postgres::ParseFiles({{"desired_sql", sql}});
  if (!parsed.ok()) {
    std::string error;
    for (const auto& d : parsed.errors) error += d.Render() + "\n";
    return error;
  }
  *out = std::move(parsed.catalog);
  model::Normalize(*out);
  return "";
}

std::vector<Check> Postflight(pqxx::connection& conn, const planner::Plan* plan,
                              const model::Catalog& live, const model::Catalog* desired) {
  std::vector<Check> checks;
  Check converged{"re-plan is empty"};
  if (!desired) {
    converged.skipped = true;
    converged.detail = "the plan carries no desired schema";
  } else {
    model::Catalog target = *desired;
    introspect::postgres::AlignWithServer(conn, target, live);
    auto left = diff::Diff(live, target);
    converged.ok = left.empty();
    converged.detail = left.empty() ? "the database matches the desired schema" : "still differs:";
    for (size_t i = 0; i < left.size() && i < 20; ++i)
      converged.detail += "\n    " + diff::Describe(left[i]);
  }
  checks.push_back(converged);

  pqxx::nontransaction tx(conn);
  Check invalid{"no INVALID index"};
  std::vector<std::string> bad;
  for (const auto& r : tx.exec(
           "SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = "
           "i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid "
           "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel') AND NOT EXISTS "
           "(SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid) AND c.relkind <> 'I'" +
           InTarget(tx, "n.oid") + " ORDER BY 1"))
    bad.push_back(r[0].c_str());
  invalid.ok = bad.empty();
  invalid.detail = bad.empty() ? "every index is valid" : fmt::format("{}", fmt::join(bad, ", "));
  checks.push_back(invalid);

  Check validated{"validated constraints"};
  std::vector<std::string> names;
  static const std::regex kValidate(R"(VALIDATE CONSTRAINT ("(?:[^"]|"")+"|\S+))");
  for (const auto& s : plan ? plan->steps : std::vector<planner::Step>{})
    for (const auto& sql : s.sql)
      for (std::sregex_iterator it(sql.begin(), sql.end(), kValidate), end; it != end; ++it) {
        std::string name = (*it)[1];
        if (name.front() == '"')
          name = std::regex_replace(name.substr(1, name.size() - 2), std::regex("\"\""), "\"");
        names.push_back(name);
      }
  std::vector<std::string> unvalidated;
  if (!names.empty())
    for (const auto& r :
         tx.exec("SELECT conrelid::regclass::text || '.' || conname FROM "
                 "pg_constraint WHERE NOT convalidated AND conname = ANY (" +
                 TextArray(tx, names) + ")" + InTarget(tx, "connamespace") + " ORDER BY 1"))
      unvalidated.push_back(r[0].c_str());
  validated.ok = unvalidated.empty();
  validated.detail = unvalidated.empty()
                         ? fmt::format("{} validated by the plan", names.size())
                         : "still NOT VALID: " + fmt::format("{}", fmt::join(unvalidated, ", "));
  checks.push_back(validated);

  // A validated foreign key guarantees its rows; one left NOT VALID may hide orphans.
  Check orphans{"foreign-key orphans"};
  std::vector<std::string> found;
  auto fks = tx.exec(
      "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, c.conname, "
      "(SELECT array_agg(quote_ident(a.attname) ORDER BY k.i) FROM unnest(c.conkey) WITH "
      "ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = "
      "k.n)::text, "
      "(SELECT array_agg(quote_ident(a.attname) ORDER BY k.i) FROM unnest(c.confkey) WITH "
      "ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = "
      "k.n)::text "
      "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' "
      "AND NOT c.convalidated AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')" +
      InTarget(tx, "n.oid") + " ORDER BY 1, 3");
  auto columns = [](std::string array) {  // {a,b} -> a, b
    array = array.substr(1, array.size() - 2);
    std::vector<std::string> out;
    std::string cur;
    for (char ch : array) {
      if (ch == ',') {
        out.push_back(cur);
        cur.clear();
      } else {
        cur += ch;
      }
    }
    out.push_back(cur);
    return out;
  };
  for (const auto& fk : fks) {
    auto local = columns(fk[3].c_str()), remote = columns(fk[4].c_str());
    std::vector<std::string> not_null, match;
    for (size_t i = 0; i < local.size() && i < remote.size(); ++i) {
      not_null.push_back("keel_c." + local[i] + " IS NOT NULL");
      match.push_back("keel_p." + remote[i] + " = keel_c." + local[i]);
    }
    long n =
        tx.exec(fmt::format("SELECT count(*) FROM (SELECT 1 FROM {} keel_c WHERE {} AND NOT "
                            "EXISTS (SELECT 1 FROM {} keel_p WHERE {}) LIMIT 1000) o",
                            fk[0].c_str(), fmt::join(not_null, " AND "), fk[1].c_str(),
                            fmt::join(match, " AND ")))[0][0]
            .as<long>();
    if (n)
      found.push_back(
          fmt::format("{}.{}: {}{} rows", fk[0].c_str(), fk[2].c_str(), n, n == 1000 ? "+" : ""));
  }
  orphans.ok = found.empty();
  orphans.detail =
      fks.empty() ? "every foreign key is validated"
      : found.empty()
          ? fmt::format("none under the {} foreign keys not validated", fks.size())
          : "rows whose parent is missing: " + fmt::format("{}", fmt::join(found, ", "));
  checks.push_back(orphans);
  return checks;
}

}  // namespace keel::apply
