// Row-level security and privileges: CREATE/ALTER POLICY, COMMENT ON POLICY, GRANT and REVOKE.
// They run after every CREATE and ALTER TABLE, in file order, so a REVOKE undoes an earlier
// GRANT as it would on the server.
#include <algorithm>

#include "parser/postgres/transform.h"

namespace keel::parser::postgres {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A role as the catalogs name it: PUBLIC, or the role's name. CURRENT_USER and friends cannot
// be resolved without a server and are kept by their keyword.
std::string RoleName(const Node* node) {
  if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_ROLE_SPEC) return "";
  const PgQuery__RoleSpec* r = node->role_spec;
  switch (r->roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
      return "PUBLIC";
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
      return "CURRENT_ROLE";
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
      return "CURRENT_USER";
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
      return "SESSION_USER";
    default:
      return r->rolename != nullptr ? r->rolename : "";
  }
}

std::vector<std::string> RoleNames(Node* const* roles, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(RoleName(roles[i]));
  return out;
}

model::Policy* FindPolicy(Ctx& ctx, const PgQuery__RangeVar* table, const char* name) {
  auto it = ctx.catalog().policies.find({RangeVarName(table), name != nullptr ? name : ""});
  if (it == ctx.catalog().policies.end()) {
    ctx.Error(-1, "policy \"" + std::string(name != nullptr ? name : "") + "\" for table " +
                      RangeVarName(table).Display() + " does not exist");
    return nullptr;
  }
  return &it->second;
}

// What GRANT ALL means for each kind of object (PostgreSQL 15).
std::vector<std::string> AllPrivileges(const std::string& kind, bool columns) {
  if (kind == "TABLE" && columns) return {"SELECT", "INSERT", "UPDATE", "REFERENCES"};
  if (kind == "TABLE")
    return {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"};
  if (kind == "SEQUENCE") return {"USAGE", "SELECT", "UPDATE"};
  if (kind == "SCHEMA") return {"USAGE", "CREATE"};
  return {"EXECUTE"};
}

// The function a GRANT names: "FUNCTION public.f(integer, text)" as Function::ObjectSql()
// spells it (PROCEDURE for procedures, whichever keyword the GRANT used); empty when the files
// define no such function.
std::string FunctionObject(Ctx& ctx, PgQuery__ObjectWithArgs* f) {
  model::QualifiedName name = QualifiedFromList(NameList(f->objname, f->n_objname));
  std::string signature;
  for (size_t i = 0; i < f->n_objargs; ++i) {
    if (f->objargs[i]->node_case != PG_QUERY__NODE__NODE_TYPE_NAME) continue;
    signature += (signature.empty() ? "" : ", ") + TypeNameToString(f->objargs[i]->type_name);
  }
  const model::Function* found = nullptr;
  for (const auto& [key, fn] : ctx.catalog().functions) {
    if (key.first != name || (!f->args_unspecified && key.second != signature)) continue;
    if (found != nullptr) return "";  // f without arguments names an overloaded function
    found = &fn;
  }
  if (found == nullptr) {
    ctx.Error(-1, "function " + name.Display() + "(" + signature + ") does not exist");
    return "";
  }
  return found->ObjectSql();
}

// The objects of a GRANT as (kind, spelling), or an error for kinds keel does not manage.
std::vector<std::pair<std::string, std::string>> GrantObjects(Ctx& ctx, PgQuery__GrantStmt* s,
                                                              bool* ok) {
  std::vector<std::pair<std::string, std::string>> out;
  auto& cat = ctx.catalog();
  for (size_t i = 0; i < s->n_objects; ++i) {
    Node* o = s->objects[i];
    switch (s->objtype) {
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
        if (o->node_case != PG_QUERY__NODE__NODE_RANGE_VAR) break;
        model::QualifiedName qn = RangeVarName(o->range_var);
        // GRANT … ON TABLE also reaches sequences; their ACL is a sequence's.
        bool sequence = cat.sequences.count(qn) > 0;
        if (!sequence && !cat.tables.count(qn) && !cat.views.count(qn)) {
          ctx.Error(o->range_var->location, "relation " + qn.Display() + " does not exist");
          *ok = false;
          continue;
        }
        out.push_back({sequence ? "SEQUENCE" : "TABLE", qn.Sql()});
        break;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
        std::string name = StrVal(o);
        if (!cat.schemas.count(name) && !model::Catalog::IsBuiltinSchema(name)) {
          ctx.Error(-1, "schema " + name + " does not exist");
          *ok = false;
          continue;
        }
        out.push_back({"SCHEMA", model::QuoteIdent(name)});
        break;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
      case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: {
        if (o->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS) break;
        std::string object = FunctionObject(ctx, o->object_with_args);
        if (object.empty()) {
          *ok = false;
          continue;
        }
        auto space = object.find(' ');
        out.push_back({object.substr(0, space), object.substr(space + 1)});
        break;
      }
      default:
        break;
    }
  }
  return out;
}

struct PrivilegeItem {
  std::string privilege;
  std::vector<std::string> columns;
};

std::vector<PrivilegeItem> PrivilegeItems(PgQuery__GrantStmt* s, const std::string& kind) {
  std::vector<PrivilegeItem> out;
  if (s->n_privileges == 0) {  // ALL [PRIVILEGES]
    for (auto& p : AllPrivileges(kind, false)) out.push_back({p, {}});
    return out;
  }
  for (size_t i = 0; i < s->n_privileges; ++i) {
    if (s->privileges[i]->node_case != PG_QUERY__NODE__NODE_ACCESS_PRIV) continue;
    PgQuery__AccessPriv* a = s->privileges[i]->access_priv;
    std::vector<std::string> cols = NameList(a->cols, a->n_cols);
    if (a->priv_name == nullptr || *a->priv_name == '\0') {  // ALL (a, b)
      for (auto& p : AllPrivileges(kind, true)) out.push_back({p, cols});
    } else {
      out.push_back({Upper(a->priv_name), cols});
    }
  }
  return out;
}

const char* ObjectTypeName(PgQuery__ObjectType type) {
  switch (type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE:
      return "DATABASE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
      return "TYPE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
      return "DOMAIN";
    case PG_QUERY__OBJECT_TYPE__OBJECT_LANGUAGE:
      return "LANGUAGE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLESPACE:
      return "TABLESPACE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_LARGEOBJECT:
      return "LARGE OBJECT";
    default:
      return "this kind of object";
  }
}

bool IsManagedGrantTarget(PgQuery__ObjectType type) {
  switch (type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
      return true;
    default:
      return false;
  }
}

}  // namespace

void TransformCreatePolicy(Ctx& ctx, PgQuery__CreatePolicyStmt* stmt) {
  model::Policy p;
  p.table = RangeVarName(stmt->table);
  p.name = stmt->policy_name != nullptr ? stmt->policy_name : "";
  if (!ctx.catalog().tables.count(p.table)) {
    ctx.Error(stmt->table->location, "table " + p.table.Display() + " does not exist");
    return;
  }
  p.permissive = stmt->permissive;
  p.command = stmt->cmd_name != nullptr ? Upper(stmt->cmd_name) : "ALL";
  p.roles = RoleNames(stmt->roles, stmt->n_roles);
  if (stmt->qual != nullptr) p.using_expr = ctx.Expr(stmt->qual);
  if (stmt->with_check != nullptr) p.check_expr = ctx.Expr(stmt->with_check);
  p.loc = ctx.Loc(-1);
  auto [it, added] = ctx.catalog().policies.emplace(model::PolicyKey{p.table, p.name}, p);
  if (!added)
    ctx.Error(-1, "policy \"" + p.name + "\" for table " + p.table.Display() +
                      " is already defined at " + it->second.loc.ToString());
}

void TransformAlterPolicy(Ctx& ctx, PgQuery__AlterPolicyStmt* stmt) {
  model::Policy* p = FindPolicy(ctx, stmt->table, stmt->policy_name);
  if (p == nullptr) return;
  if (stmt->n_roles > 0) p->roles = RoleNames(stmt->roles, stmt->n_roles);
  if (stmt->qual != nullptr) p->using_expr = ctx.Expr(stmt->qual);
  if (stmt->with_check != nullptr) p->check_expr = ctx.Expr(stmt->with_check);
}

bool TransformPolicyComment(Ctx& ctx, PgQuery__CommentStmt* stmt) {
  if (stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_POLICY) return false;
  std::vector<std::string> names;
  if (stmt->object != nullptr && stmt->object->node_case == PG_QUERY__NODE__NODE_LIST)
    names = NameList(stmt->object->list->items, stmt->object->list->n_items);
  if (names.size() < 2) {
    ctx.Error(-1, "policy does not exist");
    return true;
  }
  std::string name = names.back();
  names.pop_back();
  model::QualifiedName table = QualifiedFromList(names);
  auto it = ctx.catalog().policies.find({table, name});
  if (it == ctx.catalog().policies.end()) {
    ctx.Error(-1, "policy \"" + name + "\" for table " + table.Display() + " does not exist");
    return true;
  }
  it->second.comment.reset();
  if (stmt->comment != nullptr) it->second.comment = stmt->comment;
  return true;
}

void TransformGrant(Ctx& ctx, PgQuery__GrantStmt* stmt) {
  const char* verb = stmt->is_grant ? "GRANT" : "REVOKE";
  if (stmt->targtype != PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT) {
    ctx.Error(-1, std::string("unsupported statement: ") + verb + " ON ALL … IN SCHEMA");
    return;
  }
  if (!IsManagedGrantTarget(stmt->objtype)) {
    ctx.out.warnings.push_back(ctx.unit.sm.Warning(
        ctx.stmt_offset, std::string("ignored ") + verb + " on " + ObjectTypeName(stmt->objtype) +
                             " (keel manages privileges on tables, sequences, schemas and "
                             "functions)"));
    return;
  }
  bool ok = true;
  auto objects = GrantObjects(ctx, stmt, &ok);
  if (!ok) return;
  std::vector<std::string> grantees = RoleNames(stmt->grantees, stmt->n_grantees);
  auto& privileges = ctx.catalog().privileges;
  for (const auto& [kind, object] : objects) {
    for (const auto& item : PrivilegeItems(stmt, kind)) {
      std::vector<std::string> columns = item.columns;
      if (columns.empty()) columns.push_back("");
      for (const auto& grantee : grantees) {
        for (const auto& column : columns) {
          model::Privilege key{kind + " " + object, column, grantee, item.privilege};
          if (stmt->is_grant) {
            auto [it, added] = privileges.emplace(key, stmt->grant_option);
            if (stmt->grant_option) it->second = true;
          } else if (stmt->grant_option) {  // REVOKE GRANT OPTION FOR
            if (auto it = privileges.find(key); it != privileges.end()) it->second = false;
          } else {
            privileges.erase(key);
          }
        }
        // A table-level REVOKE takes the same privilege off every column too.
        if (!stmt->is_grant && item.columns.empty()) {
          for (auto it = privileges.begin(); it != privileges.end();) {
            const auto& k = it->first;
            bool column_level = k.object == kind + " " + object && !k.column.empty() &&
                                k.grantee == grantee && k.privilege == item.privilege;
            if (column_level && stmt->grant_option) it->second = false;
            it = column_level && !stmt->grant_option ? privileges.erase(it) : std::next(it);
          }
        }
      }
    }
  }
}

}  // namespace keel::parser::postgres
