#include "diff/differ_routines.h"

#include <map>
#include <set>

namespace keel::diff {
namespace {

using model::QualifiedName;

void Push(ChangeSet& out, auto change) { out.push_back(RoutineChange{std::move(change)}); }

// `target` and `id` are built only when the comment changed: most objects keep theirs.
template <typename Target, typename Id>
void CommentChange(ChangeSet& out, Target target, Id id, const std::optional<std::string>& from,
                   const std::optional<std::string>& to) {
  if (from != to) out.push_back(SetComment{target(), id(), from, to});
}

std::string TriggerTarget(const model::Trigger& t) {
  return "TRIGGER " + model::QuoteIdent(t.name) + " ON " + t.table.Sql();
}

}  // namespace

bool CanReplaceFunction(const model::Function& from, const model::Function& to) {
  if (from.returns != to.returns || from.is_procedure != to.is_procedure ||
      from.args.size() != to.args.size())
    return false;
  for (size_t i = 0; i < from.args.size(); ++i) {
    const auto& a = from.args[i];
    const auto& b = to.args[i];
    if (a.mode != b.mode || a.name != b.name || a.type != b.type) return false;
    if (!a.default_expr.empty() && b.default_expr.empty()) return false;
  }
  return true;
}

void DiffRoutines(const model::Catalog& from, const model::Catalog& to, const DiffOptions& options,
                  ChangeSet& out) {
  (void)options;  // functions and triggers hold no data: dropping them needs no approval
  std::set<model::FunctionKey> recreated;
  for (const auto& [key, f] : to.functions) {
    auto it = from.functions.find(key);
    if (it == from.functions.end()) {
      Push(out, CreateFunction{f});
      continue;
    }
    const model::Function& old = it->second;
    if (old.SameDefinition(f)) {
      CommentChange(
          out, [&] { return f.ObjectSql(); }, [&] { return FunctionId(f.name); }, old.comment,
          f.comment);
    } else if (CanReplaceFunction(old, f)) {
      Push(out, ReplaceFunction{old, f});
      CommentChange(
          out, [&] { return f.ObjectSql(); }, [&] { return FunctionId(f.name); }, old.comment,
          f.comment);
    } else {
      recreated.insert(key);
      Push(out, DropFunction{old});
      Push(out, CreateFunction{f});
    }
  }
  for (const auto& [key, f] : from.functions)
    if (!to.functions.count(key)) Push(out, DropFunction{f});

  // Operators and aggregates; one that calls a recreated function goes and comes back with it.
  auto calls_recreated = [&](const model::Definition& d) {
    for (const auto& key : recreated)
      for (const auto& [option, value] : d.options)
        if (value == key.first.name || value == key.first.Display()) return true;
    return false;
  };
  for (const auto& [key, d] : to.definitions) {
    auto it = from.definitions.find(key);
    if (it == from.definitions.end()) {
      Push(out, CreateDefinition{d});
    } else if (!it->second.SameDefinition(d) || calls_recreated(it->second)) {
      if (d.kind == "AGGREGATE" && !calls_recreated(it->second)) {
        Push(out, ReplaceDefinition{it->second, d});
      } else {
        Push(out, DropDefinition{it->second});
        Push(out, CreateDefinition{d});
      }
    } else {
      CommentChange(
          out, [&] { return d.ObjectSql(); }, [&] { return DefinitionId(d); }, it->second.comment,
          d.comment);
    }
  }
  for (const auto& [key, d] : from.definitions)
    if (!to.definitions.count(key)) Push(out, DropDefinition{d});

  // Tables renamed or dropped by the changes so far (their DropTable carries their triggers),
  // and tables and views dropped to come back (recreated): their triggers are dropped first, so
  // that the rollback, which recreates the table or view, recreates them too.
  std::map<QualifiedName, QualifiedName> renamed;
  std::set<QualifiedName> dropped, created, recreated_tables;
  for (const auto& c : out)
    if (const auto* t = std::get_if<CreateTable>(&c)) created.insert(t->table.name);
  for (const auto& c : out) {
    if (const auto* r = std::get_if<RenameTable>(&c)) renamed[r->from] = r->to;
    if (const auto* d = std::get_if<DropTable>(&c))
      (created.count(d->table.name) ? recreated_tables : dropped).insert(d->table.name);
    if (const auto* d = std::get_if<DropView>(&c)) recreated_tables.insert(d->view.name);
  }
  // A trigger calling a function that is dropped and created again must go and come back.
  auto uses_recreated = [&](const model::Trigger& t) {
    for (const auto& key : recreated)
      if (key.first == t.function && key.second.empty()) return true;
    return false;
  };
  // The old triggers under their tables' new names, looked up once per trigger.
  std::map<model::TriggerKey, std::pair<model::TriggerKey, const model::Trigger*>> by_new_key;
  for (const auto& [okey, ot] : from.triggers) {
    auto rn = renamed.find(okey.first);
    model::TriggerKey moved{rn != renamed.end() ? rn->second : okey.first, okey.second};
    by_new_key.emplace(moved, std::pair(okey, &ot));  // the first in key order, as before
  }
  std::set<model::TriggerKey> matched;
  for (const auto& [key, t] : to.triggers) {
    const model::Trigger* old = nullptr;
    if (auto hit = by_new_key.find(key); hit != by_new_key.end()) {
      old = hit->second.second;
      matched.insert(hit->second.first);
    }
    if (old == nullptr) {
      Push(out, CreateTrigger{t});
      continue;
    }
    model::Trigger moved = *old;
    moved.table = t.table;
    if (uses_recreated(t) || recreated_tables.count(old->table)) {
      Push(out, DropTrigger{moved});
      Push(out, CreateTrigger{t});
    } else if (!moved.SameDefinition(t)) {
      Push(out, ReplaceTrigger{moved, t});
    } else {
      CommentChange(
          out, [&] { return TriggerTarget(t); }, [&] { return TriggerId(t.table, t.name); },
          old->comment, t.comment);
    }
  }
  for (const auto& [key, t] : from.triggers) {
    if (matched.count(key) || dropped.count(key.first)) continue;  // goes with its table
    Push(out, DropTrigger{t});
  }
}

}  // namespace keel::diff
