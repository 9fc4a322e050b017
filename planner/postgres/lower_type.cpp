#include "planner/postgres/lower_type.h"

#include <algorithm>

#include "planner/postgres/lower_util.h"
#include "planner/sql_builder.h"

namespace keel::planner::postgres {
namespace {

using keel::Overloaded;

using diff::ExtensionId;
using diff::SchemaId;
using diff::UserTypeId;
using model::QualifiedName;

std::string ValueList(const std::vector<std::string>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i)
    out += (i > 0 ? ", " : "") + model::QuoteLiteral(values[i]);
  return out;
}

std::string CreateEnumSql(const model::Enum& e) {
  return "CREATE TYPE " + e.name.Sql() + " AS ENUM (" + ValueList(e.values) + ")";
}

std::string CreateDomainSql(const model::Domain& d) {
  std::string out = "CREATE DOMAIN " + d.name.Sql() + " AS " + d.base_type;
  if (!d.collation.empty()) out += " COLLATE " + d.collation;
  if (!d.default_expr.empty()) out += " DEFAULT " + d.default_expr.sql;
  if (d.not_null) out += " NOT NULL";
  for (const auto& c : d.constraints)
    out += " CONSTRAINT " + model::QuoteIdent(c.name) + " CHECK (" + c.check.sql + ")";
  return out;
}

std::string AttributeSql(const model::CompositeAttribute& a) {
  std::string out = model::QuoteIdent(a.name) + " " + a.type;
  if (!a.collation.empty()) out += " COLLATE " + a.collation;
  return out;
}

std::string CreateCompositeSql(const model::CompositeType& t) {
  std::string out = "CREATE TYPE " + t.name.Sql() + " AS (";
  for (size_t i = 0; i < t.attributes.size(); ++i)
    out += (i > 0 ? ", " : "") + AttributeSql(t.attributes[i]);
  return out + ")";
}

std::string CreateExtensionSql(const model::Extension& e) {
  std::string out = "CREATE EXTENSION IF NOT EXISTS " + model::QuoteIdent(e.name);
  if (!e.schema.empty()) out += " SCHEMA " + model::QuoteIdent(e.schema);
  if (!e.version.empty()) out += " VERSION " + model::QuoteLiteral(e.version);
  return out;
}

std::vector<std::string> DomainNeeds(const model::Domain& d) {
  std::vector<std::string> needs = {SchemaId(d.name.schema)};
  Append(needs, diff::ColumnTypeNeeds(d.base_type));
  return needs;
}

std::vector<std::string> CompositeNeeds(const model::CompositeType& t) {
  std::vector<std::string> needs = {SchemaId(t.name.schema)};
  for (const auto& a : t.attributes) Append(needs, diff::ColumnTypeNeeds(a.type));
  return needs;
}

Step Create(const QualifiedName& qn, const std::string& what, std::string sql, std::string drop_sql,
            std::vector<std::string> needs) {
  Step s = MakeStep(UserTypeId(qn), "create " + what + " " + qn.Display(), kRankCreateType,
                    LockLevel::kNone);
  s.sql = {std::move(sql)};
  s.rollback_sql = {std::move(drop_sql)};
  s.provides = {UserTypeId(qn)};
  s.needs = std::move(needs);
  return s;
}

// The statements that create a type again as it was: a drop's rollback, a recreation.
std::vector<std::string> WithComment(std::string create_sql, const std::string& target,
                                     const std::optional<std::string>& comment) {
  std::vector<std::string> out = {std::move(create_sql)};
  sql::AppendComment(out, target, comment);
  return out;
}

Step Drop(const QualifiedName& qn, const std::string& what, std::string drop_sql,
          std::vector<std::string> create_sql, std::vector<std::string> releases) {
  Step s = MakeStep(UserTypeId(qn), "drop " + what + " " + qn.Display(), kRankDropType,
                    LockLevel::kNone);
  s.sql = {std::move(drop_sql)};
  s.rollback_sql = std::move(create_sql);
  s.removes = {UserTypeId(qn)};
  s.releases = std::move(releases);
  return s;
}

// Replaces a type that columns use and that cannot change in place: the old type is renamed
// away, the new one created, every column converted through text, the old type dropped.
std::vector<std::string> RecreateSql(const QualifiedName& qn,
                                     const std::vector<std::string>& create_sql,
                                     const std::vector<diff::TypeUser>& users) {
  QualifiedName old{qn.schema, qn.name + "__keel_old"};
  std::vector<std::string> sql = {"ALTER TYPE " + qn.Sql() + " RENAME TO " +
                                  model::QuoteIdent(old.name)};
  Append(sql, create_sql);
  for (const auto& u : users) {
    std::string alter =
        "ALTER TABLE " + u.table.Sql() + " ALTER COLUMN " + model::QuoteIdent(u.column) + " ";
    if (!u.default_expr.empty()) sql.push_back(alter + "DROP DEFAULT");
    std::string text = u.type.ends_with("]") ? "text[]" : "text";
    sql.push_back(alter + "TYPE " + u.type + " USING " + model::QuoteIdent(u.column) + "::" + text +
                  "::" + u.type);
    if (!u.default_expr.empty()) sql.push_back(alter + "SET DEFAULT " + u.default_expr.sql);
  }
  sql.push_back("DROP TYPE " + old.Sql());
  return sql;
}

std::vector<Step> Recreate(const QualifiedName& qn, const std::string& what,
                           const std::string& drop_sql, const std::vector<std::string>& from_sql,
                           const std::vector<std::string>& to_sql,
                           const std::vector<diff::TypeUser>& users,
                           const std::vector<std::string>& needs) {
  Step s = MakeStep(UserTypeId(qn), "recreate " + what + " " + qn.Display(), kRankAlterType,
                    LockLevel::kNone);
  s.provides = {UserTypeId(qn)};
  s.needs = needs;
  if (users.empty()) {
    s.sql = {drop_sql};
    Append(s.sql, to_sql);
    s.rollback_sql = {drop_sql};
    Append(s.rollback_sql, from_sql);
    return {s};
  }
  s.sql = RecreateSql(qn, to_sql, users);
  s.rollback_sql = RecreateSql(qn, from_sql, users);
  s.lock = LockLevel::kAccessExclusive;
  s.reversibility = Reversibility::kLossy;
  s.rollback_note = "rows holding values the old type lacks fail the conversion back";
  for (const auto& u : users) {
    s.hazards.push_back({HazardCode::kTableRewrite, "column " + u.table.Display() + "." + u.column +
                                                        " is converted to the new " + what});
    s.needs.push_back(diff::TableId(u.table));
  }
  return {s};
}

std::vector<Step> AlterEnum(const diff::AlterEnum& c, const std::vector<diff::TypeUser>& users) {
  const auto& from = c.from.values;
  const auto& to = c.to.values;
  // In place only when every old label stays, in the same order.
  std::vector<std::string> kept;
  for (const auto& v : to)
    if (std::find(from.begin(), from.end(), v) != from.end()) kept.push_back(v);
  const QualifiedName& qn = c.to.name;
  if (kept != from) {
    return Recreate(qn, "enum", "DROP TYPE " + qn.Sql(),
                    WithComment(CreateEnumSql(c.from), "TYPE " + qn.Sql(), c.from.comment),
                    WithComment(CreateEnumSql(c.to), "TYPE " + qn.Sql(), c.to.comment), users,
                    {SchemaId(qn.schema)});
  }
  auto first_old = std::find_if(to.begin(), to.end(), [&](const std::string& v) {
    return std::find(from.begin(), from.end(), v) != from.end();
  });
  std::vector<Step> steps;
  for (size_t i = 0; i < to.size(); ++i) {
    if (std::find(from.begin(), from.end(), to[i]) != from.end()) continue;
    Step s = MakeStep(UserTypeId(qn), "add value " + to[i] + " to enum " + qn.Display(),
                      kRankCreateType, LockLevel::kNone);
    std::string sql = "ALTER TYPE " + qn.Sql() + " ADD VALUE " + model::QuoteLiteral(to[i]);
    if (static_cast<ptrdiff_t>(i) < first_old - to.begin())
      sql += " BEFORE " + model::QuoteLiteral(*first_old);
    else if (i > 0)
      sql += " AFTER " + model::QuoteLiteral(to[i - 1]);
    s.sql = {sql};
    // The server cannot drop an enum label.
    s.reversibility = Reversibility::kIrreversible;
    s.rollback_note =
        "PostgreSQL cannot remove an enum label; '" + to[i] + "' stays in " + qn.Display();
    s.transactional = false;
    s.hazards = {{HazardCode::kNotTransactional, "ALTER TYPE ... ADD VALUE"}};
    s.provides = {UserTypeId(qn)};
    // Labels go in one after another.
    if (!steps.empty()) s.needs = {"enum-value:" + qn.Display() + "." + to[i - 1]};
    s.provides.push_back("enum-value:" + qn.Display() + "." + to[i]);
    steps.push_back(std::move(s));
  }
  return steps;
}

std::vector<Step> AlterDomain(const diff::AlterDomain& c,
                              const std::vector<diff::TypeUser>& users) {
  const model::Domain& from = c.from;
  const model::Domain& to = c.to;
  const QualifiedName& qn = to.name;
  if (from.base_type != to.base_type || from.collation != to.collation) {
    return Recreate(qn, "domain", "DROP DOMAIN " + qn.Sql(),
                    WithComment(CreateDomainSql(from), "DOMAIN " + qn.Sql(), from.comment),
                    WithComment(CreateDomainSql(to), "DOMAIN " + qn.Sql(), to.comment), users,
                    DomainNeeds(to));
  }
  std::string alter = "ALTER DOMAIN " + qn.Sql() + " ";
  std::vector<Step> steps;
  auto step = [&](const std::string& what, std::string sql, std::string rollback) {
    Step s = MakeStep(UserTypeId(qn), what + " on domain " + qn.Display(), kRankAlterType,
                      LockLevel::kNone);
    s.sql = {std::move(sql)};
    s.rollback_sql = {std::move(rollback)};
    s.needs = {UserTypeId(qn)};
    steps.push_back(std::move(s));
    return &steps.back();
  };
  auto set_default = [&](const model::Expr& e) {
    return e.empty() ? alter + "DROP DEFAULT" : alter + "SET DEFAULT " + e.sql;
  };
  if (!(from.default_expr == to.default_expr))
    step("set default", set_default(to.default_expr), set_default(from.default_expr));
  for (const auto& con : from.constraints) {
    auto it = std::find_if(to.constraints.begin(), to.constraints.end(),
                           [&](const auto& x) { return x.name == con.name; });
    if (it != to.constraints.end() && *it == con) continue;
    Step* s = step(
        "drop constraint " + con.name, alter + "DROP CONSTRAINT " + model::QuoteIdent(con.name),
        alter + "ADD CONSTRAINT " + model::QuoteIdent(con.name) + " CHECK (" + con.check.sql + ")");
    s->removes = {diff::ConstraintId(qn, con.name)};  // a changed check reuses its name
  }
  for (const auto& con : to.constraints) {
    auto it = std::find_if(from.constraints.begin(), from.constraints.end(),
                           [&](const auto& x) { return x.name == con.name; });
    if (it != from.constraints.end() && *it == con) continue;
    std::string name = model::QuoteIdent(con.name);
    Step* s = step("add constraint " + con.name,
                   alter + "ADD CONSTRAINT " + name + " CHECK (" + con.check.sql + ") NOT VALID",
                   alter + "DROP CONSTRAINT " + name);
    s->provides = {diff::ConstraintId(qn, con.name)};
    s->sql.push_back(alter + "VALIDATE CONSTRAINT " + name);
    s->hazards = {{HazardCode::kValidatesData, "every column of domain " + qn.Display()}};
  }
  if (from.not_null != to.not_null) {
    Step* s = step(to.not_null ? "set not null" : "drop not null",
                   alter + (to.not_null ? "SET NOT NULL" : "DROP NOT NULL"),
                   alter + (from.not_null ? "SET NOT NULL" : "DROP NOT NULL"));
    if (to.not_null)
      s->hazards = {{HazardCode::kValidatesData, "every column of domain " + qn.Display()}};
  }
  return steps;
}

std::vector<Step> AlterComposite(const diff::AlterComposite& c,
                                 const std::vector<diff::TypeUser>& users) {
  const auto& from = c.from.attributes;
  const auto& to = c.to.attributes;
  const QualifiedName& qn = c.to.name;
  auto find = [](const auto& attrs, const std::string& name) {
    return std::find_if(attrs.begin(), attrs.end(), [&](const auto& a) { return a.name == name; });
  };
  // In place when the kept attributes keep their order and new ones come last.
  std::vector<std::string> kept_from, kept_to;
  for (const auto& a : from)
    if (find(to, a.name) != to.end()) kept_from.push_back(a.name);
  bool appended = true;
  for (const auto& a : to) {
    if (find(from, a.name) != from.end()) {
      kept_to.push_back(a.name);
      if (kept_to.size() > kept_from.size()) appended = false;
    } else if (kept_to.size() < kept_from.size()) {
      appended = false;
    }
  }
  if (kept_from != kept_to || !appended) {
    return Recreate(qn, "type", "DROP TYPE " + qn.Sql(),
                    WithComment(CreateCompositeSql(c.from), "TYPE " + qn.Sql(), c.from.comment),
                    WithComment(CreateCompositeSql(c.to), "TYPE " + qn.Sql(), c.to.comment), users,
                    CompositeNeeds(c.to));
  }
  std::string alter = "ALTER TYPE " + qn.Sql() + " ";
  Step s = MakeStep(UserTypeId(qn), "alter type " + qn.Display(), kRankAlterType, LockLevel::kNone);
  s.needs = CompositeNeeds(c.to);
  s.needs.push_back(UserTypeId(qn));
  for (const auto& a : from) {
    auto it = find(to, a.name);
    if (it == to.end()) {
      s.sql.push_back(alter + "DROP ATTRIBUTE " + model::QuoteIdent(a.name));
      s.hazards.push_back({HazardCode::kDataLoss, "attribute " + a.name + " of " + qn.Display()});
    } else if (!(*it == a)) {
      std::string t = it->type + (it->collation.empty() ? "" : " COLLATE " + it->collation);
      std::string back = a.type + (a.collation.empty() ? "" : " COLLATE " + a.collation);
      s.sql.push_back(alter + "ALTER ATTRIBUTE " + model::QuoteIdent(a.name) + " TYPE " + t);
      s.rollback_sql.push_back(alter + "ALTER ATTRIBUTE " + model::QuoteIdent(a.name) + " TYPE " +
                               back);
    }
  }
  for (const auto& a : to) {
    if (find(from, a.name) != from.end()) continue;
    s.sql.push_back(alter + "ADD ATTRIBUTE " + AttributeSql(a));
    s.rollback_sql.push_back(alter + "DROP ATTRIBUTE " + model::QuoteIdent(a.name));
  }
  // Dropped attributes come back last and empty.
  for (const auto& a : from) {
    if (find(to, a.name) != to.end()) continue;
    s.rollback_sql.push_back(alter + "ADD ATTRIBUTE " + AttributeSql(a));
    s.reversibility = Reversibility::kLossy;
    s.rollback_note = "dropped attributes come back empty";
  }
  return {s};
}

std::vector<Step> Extension(const diff::TypeChange& tc) {
  if (const auto* c = std::get_if<diff::CreateExtension>(&tc.change)) {
    const auto& e = c->extension;
    Step s = MakeStep(ExtensionId(e.name), "create extension " + e.name, kRankCreateExtension,
                      LockLevel::kNone);
    s.sql = {CreateExtensionSql(e)};
    s.rollback_sql = {"DROP EXTENSION IF EXISTS " + model::QuoteIdent(e.name)};
    s.provides = {ExtensionId(e.name)};
    if (!e.schema.empty()) s.needs = {SchemaId(e.schema)};
    return {s};
  }
  if (const auto* c = std::get_if<diff::DropExtension>(&tc.change)) {
    const auto& e = c->extension;
    Step s = MakeStep(ExtensionId(e.name), "drop extension " + e.name, kRankDropExtension,
                      LockLevel::kNone);
    s.sql = {"DROP EXTENSION " + model::QuoteIdent(e.name)};
    s.rollback_sql =
        WithComment(CreateExtensionSql(e), "EXTENSION " + model::QuoteIdent(e.name), e.comment);
    s.reversibility = Reversibility::kLossy;
    s.rollback_note = "objects and data of the extension come back empty";
    s.hazards = {{HazardCode::kDataLoss, "drops extension " + e.name + " and what it owns"}};
    s.removes = {ExtensionId(e.name)};
    if (!e.schema.empty()) s.releases = {SchemaId(e.schema)};
    return {s};
  }
  const auto& c = std::get<diff::AlterExtension>(tc.change);
  Step s = MakeStep(ExtensionId(c.to.name), "alter extension " + c.to.name, kRankAlterType,
                    LockLevel::kNone);
  std::string alter = "ALTER EXTENSION " + model::QuoteIdent(c.to.name) + " ";
  if (!c.to.schema.empty() && c.to.schema != c.from.schema) {
    s.sql.push_back(alter + "SET SCHEMA " + model::QuoteIdent(c.to.schema));
    s.rollback_sql.push_back(alter + "SET SCHEMA " + model::QuoteIdent(c.from.schema));
    s.needs.push_back(SchemaId(c.to.schema));
  }
  if (!c.to.version.empty() && c.to.version != c.from.version) {
    s.sql.push_back(alter + "UPDATE TO " + model::QuoteLiteral(c.to.version));
    // Extensions ship upgrade scripts, rarely downgrade ones.
    s.reversibility = Reversibility::kIrreversible;
    s.rollback_note = "extension " + c.to.name + " has no path back from " + c.to.version + " to " +
                      (c.from.version.empty() ? "its old version" : c.from.version) +
                      " unless it ships a downgrade script";
    s.hazards.push_back({HazardCode::kIrreversible, "ALTER EXTENSION " + c.to.name + " UPDATE"});
  }
  s.needs.push_back(ExtensionId(c.to.name));
  return {s};
}

}  // namespace

std::vector<Step> LowerTypeChange(const diff::TypeChange& tc, const LowerContext& /*ctx*/) {
  const auto& users = tc.users;
  return std::visit(
      Overloaded{
          [](const diff::CreateEnum& c) -> std::vector<Step> {
            const auto& qn = c.type.name;
            return {Create(qn, "type", CreateEnumSql(c.type), "DROP TYPE " + qn.Sql(),
                           {SchemaId(qn.schema)})};
          },
          [](const diff::DropEnum& c) -> std::vector<Step> {
            const auto& qn = c.type.name;
            return {Drop(qn, "type", "DROP TYPE " + qn.Sql(),
                         WithComment(CreateEnumSql(c.type), "TYPE " + qn.Sql(), c.type.comment),
                         {SchemaId(qn.schema)})};
          },
          [&](const diff::AlterEnum& c) { return AlterEnum(c, users); },
          [](const diff::CreateDomain& c) -> std::vector<Step> {
            const auto& qn = c.domain.name;
            return {Create(qn, "domain", CreateDomainSql(c.domain), "DROP DOMAIN " + qn.Sql(),
                           DomainNeeds(c.domain))};
          },
          [](const diff::DropDomain& c) -> std::vector<Step> {
            const auto& qn = c.domain.name;
            return {
                Drop(qn, "domain", "DROP DOMAIN " + qn.Sql(),
                     WithComment(CreateDomainSql(c.domain), "DOMAIN " + qn.Sql(), c.domain.comment),
                     DomainNeeds(c.domain))};
          },
          [&](const diff::AlterDomain& c) { return AlterDomain(c, users); },
          [](const diff::CreateComposite& c) -> std::vector<Step> {
            const auto& qn = c.type.name;
            return {Create(qn, "type", CreateCompositeSql(c.type), "DROP TYPE " + qn.Sql(),
                           CompositeNeeds(c.type))};
          },
          [](const diff::DropComposite& c) -> std::vector<Step> {
            const auto& qn = c.type.name;
            return {
                Drop(qn, "type", "DROP TYPE " + qn.Sql(),
                     WithComment(CreateCompositeSql(c.type), "TYPE " + qn.Sql(), c.type.comment),
                     CompositeNeeds(c.type))};
          },
          [&](const diff::AlterComposite& c) { return AlterComposite(c, users); },
          [&](const diff::CreateExtension&) { return Extension(tc); },
          [&](const diff::DropExtension&) { return Extension(tc); },
          [&](const diff::AlterExtension&) { return Extension(tc); },
      },
      tc.change);
}

}  // namespace keel::planner::postgres
