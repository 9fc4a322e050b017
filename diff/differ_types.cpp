#include "diff/differ_types.h"

#include <map>
#include <optional>

namespace keel::diff {
namespace {

using model::Catalog;
using model::QualifiedName;

bool SameDomain(const model::Domain& a, const model::Domain& b) {
  return a.base_type == b.base_type && a.not_null == b.not_null &&
         a.default_expr == b.default_expr && a.collation == b.collation &&
         a.constraints == b.constraints;
}

// Columns by the type they hold, arrays under their element type: built once per diff, so
// altering many types does not scan every column once per type.
std::map<std::string, std::vector<TypeUser>> UsersByType(const Catalog& catalog) {
  std::map<std::string, std::vector<TypeUser>> out;
  for (const auto& [qn, e] : catalog.enums) out[TypeSpelling(qn)];
  for (const auto& [qn, d] : catalog.domains) out[TypeSpelling(qn)];
  for (const auto& [qn, c] : catalog.composites) out[TypeSpelling(qn)];
  for (const auto& [qn, table] : catalog.tables)
    for (const auto& col : table.columns)
      if (auto u = out.find(col.type.substr(0, col.type.find('['))); u != out.end())
        u->second.push_back({qn, col.name, col.type, col.default_expr});
  return out;
}

class TypeDiffer {
 public:
  TypeDiffer(const Catalog& from, const Catalog& to, const DiffOptions& options, ChangeSet& out)
      : from_(from), to_(to), options_(options), out_(out) {}

  void Run() {
    Extensions();
    Family(
        from_.enums, to_.enums, "TYPE ",
        [](const model::Enum& a, const model::Enum& b) { return a.values == b.values; },
        [](const model::Enum& t) {
          return TypeChange{CreateEnum{t}, {}};
        },
        [](const model::Enum& t) {
          return TypeChange{DropEnum{t}, {}};
        },
        [](const model::Enum& a, const model::Enum& b) {
          return TypeChange{AlterEnum{a, b}, {}};
        });
    Family(
        from_.domains, to_.domains, "DOMAIN ", SameDomain,
        [](const model::Domain& t) {
          return TypeChange{CreateDomain{t}, {}};
        },
        [](const model::Domain& t) {
          return TypeChange{DropDomain{t}, {}};
        },
        [](const model::Domain& a, const model::Domain& b) {
          return TypeChange{AlterDomain{a, b}, {}};
        });
    Family(
        from_.composites, to_.composites, "TYPE ",
        [](const model::CompositeType& a, const model::CompositeType& b) {
          return a.attributes == b.attributes;
        },
        [](const model::CompositeType& t) {
          return TypeChange{CreateComposite{t}, {}};
        },
        [](const model::CompositeType& t) {
          return TypeChange{DropComposite{t}, {}};
        },
        [](const model::CompositeType& a, const model::CompositeType& b) {
          return TypeChange{AlterComposite{a, b}, {}};
        });
  }

 private:
  void Comment(const std::string& target, const std::string& id,
               const std::optional<std::string>& from, const std::optional<std::string>& to) {
    if (from != to) out_.push_back(SetComment{target, id, from, to});
  }

  template <typename Map, typename Same, typename Create, typename Drop, typename Alter>
  void Family(const Map& from, const Map& to, const std::string& kind, Same same, Create create,
              Drop drop, Alter alter) {
    for (const auto& [qn, type] : to) {
      auto it = from.find(qn);
      std::string target = kind + qn.Sql();
      if (it == from.end()) {
        out_.push_back(create(type));
        Comment(target, UserTypeId(qn), std::nullopt, type.comment);
        continue;
      }
      if (!same(it->second, type)) {
        TypeChange c = alter(it->second, type);
        if (!users_) users_ = UsersByType(from_);
        if (auto u = users_->find(TypeSpelling(qn)); u != users_->end()) c.users = u->second;
        out_.push_back(std::move(c));
      }
      Comment(target, UserTypeId(qn), it->second.comment, type.comment);
    }
    if (!options_.allow_drops) return;
    for (const auto& [qn, type] : from)
      if (!to.count(qn)) out_.push_back(drop(type));
  }

  void Extensions() {
    for (const auto& [name, ext] : to_.extensions) {
      auto it = from_.extensions.find(name);
      if (it == from_.extensions.end()) {
        out_.push_back(TypeChange{CreateExtension{ext}, {}});
        Comment("EXTENSION " + model::QuoteIdent(name), ExtensionId(name), std::nullopt,
                ext.comment);
        continue;
      }
      // Version and schema count only when both sides state them: a file that leaves them
      // out accepts whatever the server chose, in either direction of the diff.
      const model::Extension& cur = it->second;
      auto differs = [](const std::string& a, const std::string& b) {
        return !a.empty() && !b.empty() && a != b;
      };
      if (differs(ext.version, cur.version) || differs(ext.schema, cur.schema))
        out_.push_back(TypeChange{AlterExtension{cur, ext}, {}});
      // Extensions ship their own comment: compared only when both sides have one.
      if (ext.comment && cur.comment)
        Comment("EXTENSION " + model::QuoteIdent(name), ExtensionId(name), cur.comment,
                ext.comment);
    }
    if (!options_.allow_drops) return;
    for (const auto& [name, ext] : from_.extensions)
      if (!to_.extensions.count(name)) out_.push_back(TypeChange{DropExtension{ext}, {}});
  }

  const Catalog& from_;
  const Catalog& to_;
  const DiffOptions& options_;
  ChangeSet& out_;
  std::optional<std::map<std::string, std::vector<TypeUser>>> users_;  // of from_, on first use
};

}  // namespace

void DiffTypes(const Catalog& from, const Catalog& to, const DiffOptions& options, ChangeSet& out) {
  TypeDiffer(from, to, options, out).Run();
}

}  // namespace keel::diff
