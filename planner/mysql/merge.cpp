// Every change lowered with its rollback; the ALTER TABLE clauses of one table merged into as
// few statements as can share one.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "planner/mysql/lower_util.h"
#include "planner/mysql/online.h"
#include "planner/mysql/render.h"
#include "planner/ordering.h"

namespace keel::planner::mysql {
namespace {

void AppendUnique(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const auto& x : from)
    if (std::find(to.begin(), to.end(), x) == to.end()) to.push_back(x);
}

void AppendUnique(std::vector<Hazard>& to, const std::vector<Hazard>& from) {
  for (const auto& x : from)
    if (std::none_of(to.begin(), to.end(),
                     [&](const Hazard& h) { return h.code == x.code && h.detail == x.detail; }))
      to.push_back(x);
}

void AppendClauses(std::vector<Clause>& to, const std::vector<Clause>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// Clauses in statement order (drops, changes, additions in the desired column order), each once.
void SortClauses(std::vector<Clause>& clauses) {
  std::stable_sort(clauses.begin(), clauses.end(), [](const Clause& a, const Clause& b) {
    return std::tie(a.order, a.position) < std::tie(b.order, b.position);
  });
  // A MODIFY restates the whole column (its default too): an ALTER COLUMN of the same column
  // beside it would fail ("unknown column"), so it goes.
  auto column_of = [](const std::string& sql, const std::string& verb) {
    if (sql.rfind(verb, 0) != 0) return std::string();
    size_t end = sql.find("` ", verb.size());
    return end == std::string::npos ? std::string()
                                    : sql.substr(verb.size(), end - verb.size() + 1);
  };
  std::set<std::string> modified;
  for (const auto& c : clauses) modified.insert(column_of(c.sql, "MODIFY COLUMN "));
  std::vector<Clause> unique;
  for (auto& c : clauses) {
    std::string altered = column_of(c.sql, "ALTER COLUMN ");
    if (!altered.empty() && modified.count(altered)) continue;
    if (std::none_of(unique.begin(), unique.end(), [&](const Clause& u) { return u.sql == c.sql; }))
      unique.push_back(std::move(c));
  }
  clauses = std::move(unique);
}

LockLevel LockOf(Algorithm algo) {
  switch (algo) {
    case Algorithm::kInstant:
      return LockLevel::kAccessShare;  // a brief metadata lock
    case Algorithm::kInplace:
      return LockLevel::kShareUpdateExclusive;  // reads and writes go on
    case Algorithm::kCopy:
      break;
  }
  return LockLevel::kShare;  // reads go on, writes wait
}

int Worse(Reversibility r) {
  return r == Reversibility::kIrreversible ? 2 : r == Reversibility::kLossy ? 1 : 0;
}

// One step out of several lowered ALTERs of one table.
Lowered Combine(const std::vector<const Lowered*>& parts) {
  Lowered out = *parts.front();
  if (parts.size() == 1) return out;
  Step& s = out.step;
  s.object = diff::TableId(out.alter->table);
  bool undoable = out.undo.has_value();
  for (size_t i = 1; i < parts.size(); ++i) {
    const Lowered& p = *parts[i];
    s.description += "; " + p.step.description;
    AppendUnique(s.provides, p.step.provides);
    AppendUnique(s.needs, p.step.needs);
    AppendUnique(s.removes, p.step.removes);
    AppendUnique(s.releases, p.step.releases);
    AppendUnique(s.hazards, p.step.hazards);
    s.rank = std::min(s.rank, p.step.rank);
    if (Worse(p.step.reversibility) > Worse(s.reversibility))
      s.reversibility = p.step.reversibility;
    if (!p.step.rollback_note.empty() &&
        s.rollback_note.find(p.step.rollback_note) == std::string::npos)
      s.rollback_note += (s.rollback_note.empty() ? "" : "; ") + p.step.rollback_note;
    AppendClauses(out.alter->clauses, p.alter->clauses);
    out.alter->algorithm = Weakest(out.alter->algorithm, p.alter->algorithm);
    if (p.undo && out.undo) {
      AppendClauses(out.undo->clauses, p.undo->clauses);
      out.undo->algorithm = Weakest(out.undo->algorithm, p.undo->algorithm);
    }
    undoable = undoable && p.undo.has_value();
  }
  if (!undoable) {
    out.undo.reset();
    s.reversibility = Reversibility::kIrreversible;
    s.rollback_note = "part of the statement has no inverse";
  }
  return out;
}

// Groups of mergeable ALTERs: per table and phase, one group when any of them copies the
// table anyway (one copy instead of several), else one per algorithm.
std::vector<std::vector<const Lowered*>> Groups(const std::vector<Lowered>& lowered) {
  using Key = std::tuple<model::QualifiedName, Phase>;
  std::map<Key, bool> copies;
  for (const auto& l : lowered)
    if (l.alter && !l.alter->alone && l.alter->algorithm == Algorithm::kCopy)
      copies[{l.alter->table, l.step.phase}] = true;
  std::map<std::tuple<model::QualifiedName, Phase, int>, size_t> slot;
  std::vector<std::vector<const Lowered*>> groups;
  for (const auto& l : lowered) {
    if (!l.alter || l.alter->alone) {
      groups.push_back({&l});
      continue;
    }
    Key key{l.alter->table, l.step.phase};
    int algo = copies.count(key) ? -1 : static_cast<int>(l.alter->algorithm);
    auto [it, fresh] = slot.try_emplace({l.alter->table, l.step.phase, algo}, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(&l);
  }
  return groups;
}

Step Finish(Lowered l, const Context& ctx) {
  Step s = std::move(l.step);
  s.transactional = false;
  if (!l.alter) return s;
  SortClauses(l.alter->clauses);
  s.sql = {AlterSql(*l.alter)};
  if (l.alter->unchecked)
    s.sql = {"SET SESSION foreign_key_checks = 0", s.sql.front(),
             "SET SESSION foreign_key_checks = 1"};
  if (l.undo) {
    SortClauses(l.undo->clauses);
    s.rollback_sql = {AlterSql(*l.undo)};
  }
  s.lock = LockOf(l.alter->algorithm);
  s.lock_table = l.alter->table.Display();
  if (l.alter->algorithm == Algorithm::kCopy && !ctx.new_tables.count(l.alter->table))
    s.hazards.insert(s.hazards.begin(),
                     {HazardCode::kTableRewrite,
                      "ALTER TABLE copies " + s.lock_table + "; writes wait until it is done"});
  return s;
}

// The server refuses to change the type of a column a foreign key uses: such a key, though
// unchanged, is dropped before the column changes and added again after.
diff::ChangeSet WithForeignKeysAround(const diff::ChangeSet& changes, const model::Catalog& from,
                                      const model::Catalog& to) {
  std::set<std::string> columns;  // ColumnIds whose type changes
  std::set<std::string> touched;  // constraints the diff drops or adds already
  constexpr uint32_t kRetypes = diff::kColumnType | diff::kColumnCharset | diff::kColumnCollation;
  for (const auto& c : changes) {
    if (const auto* a = std::get_if<diff::AlterColumn>(&c); a && (a->what & kRetypes))
      columns.insert(diff::ColumnId(a->table, a->to.name));
    if (const auto* d = std::get_if<diff::DropConstraint>(&c))
      touched.insert(diff::ConstraintId(d->table, d->constraint.name));
    if (const auto* a = std::get_if<diff::AddConstraint>(&c))
      touched.insert(diff::ConstraintId(a->table, a->constraint.name));
  }
  diff::ChangeSet out = changes;
  if (columns.empty()) return out;
  for (const auto& [qn, t] : to.tables) {
    const model::Table* before = FindTable(from, qn);
    if (!before) continue;
    for (const auto& fk : t.constraints) {
      if (fk.kind != model::ConstraintKind::kForeignKey) continue;
      const model::Constraint* old = before->FindConstraint(fk.name);
      if (!old || touched.count(diff::ConstraintId(qn, fk.name))) continue;
      bool uses = false;
      for (const auto& col : fk.columns) uses = uses || columns.count(diff::ColumnId(qn, col));
      for (const auto& col : fk.ref_columns)
        uses = uses || columns.count(diff::ColumnId(fk.ref_table, col));
      if (!uses) continue;
      out.push_back(diff::DropConstraint{qn, *old});
      out.push_back(diff::AddConstraint{qn, fk});
    }
  }
  return out;
}

}  // namespace

std::vector<Step> LowerChanges(const diff::ChangeSet& requested, const model::Catalog& from,
                               const model::Catalog& to, std::string* error) {
  const diff::ChangeSet changes = WithForeignKeysAround(requested, from, to);
  const Context ctx = MakeContext(from, to, changes);
  // Rollback SQL is the inverse change lowered from the desired schema back to the current.
  diff::ChangeSet inverse;
  for (const auto& c : changes) inverse.push_back(diff::Inverse(c));
  const Context undo_ctx = MakeContext(to, from, inverse);
  std::vector<Lowered> lowered;
  for (size_t i = 0; i < changes.size(); ++i) {
    auto forward = Lower(changes[i], ctx, error);
    if (!error->empty()) return {};
    std::string ignored;
    auto back = Lower(inverse[i], undo_ctx, &ignored);
    for (size_t k = 0; k < forward.size(); ++k) {
      // A rule that wrote its own undo (a replaced primary key) keeps it.
      if (k < back.size() && back[k].alter && !forward[k].undo) {
        forward[k].undo = back[k].alter;
        // A rollback has no step to check the rows after: the key it adds back checks them.
        if (forward[k].undo->unchecked) {
          forward[k].undo->unchecked = false;
          forward[k].undo->algorithm = Algorithm::kCopy;
        }
      }
      if (k < back.size() && !back[k].alter) forward[k].step.rollback_sql = back[k].step.sql;
      // A dropped table's triggers went with it and come back after it.
      if (const auto* drop = std::get_if<diff::DropTable>(&changes[i]); drop && k == 0)
        for (const auto& trigger : drop->triggers)
          forward[k].step.rollback_sql.push_back(CreateTrigger(trigger));
      lowered.push_back(std::move(forward[k]));
    }
  }
  std::vector<Step> merged;
  for (const auto& group : Groups(lowered)) merged.push_back(Finish(Combine(group), ctx));
  // Merging may tie two steps the dependency graph needs apart (a foreign key between them):
  // then every ALTER keeps its own statement.
  std::vector<Step> probe = merged;
  if (merged.size() == lowered.size() || OrderSteps(probe, nullptr).empty()) return merged;
  std::vector<Step> separate;
  for (auto& l : lowered) separate.push_back(Finish(std::move(l), ctx));
  return separate;
}

}  // namespace keel::planner::mysql
