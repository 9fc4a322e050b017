// CREATE SEQUENCE and ALTER SEQUENCE.
#include <cstdlib>
#include <string_view>

#include "parser/postgres/transform.h"

namespace keel::parser::postgres {
namespace {

bool NumberArg(const Node* arg, int64_t* out) {
  if (arg == nullptr) return false;
  if (arg->node_case == PG_QUERY__NODE__NODE_INTEGER) {
    *out = arg->integer->ival;
    return true;
  }
  if (arg->node_case == PG_QUERY__NODE__NODE_FLOAT && arg->float_->fval != nullptr) {
    *out = std::strtoll(arg->float_->fval, nullptr, 10);
    return true;
  }
  return false;
}

// Applies sequence options; false (with an error reported) on an option keel does not model.
bool ApplyOptions(Ctx& ctx, model::Sequence& seq, Node* const* options, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    PgQuery__DefElem* opt = options[i]->def_elem;
    std::string name = opt->defname != nullptr ? opt->defname : "";
    int64_t value = 0;
    if (name == "as" && opt->arg != nullptr &&
        opt->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
      seq.type = TypeNameToString(opt->arg->type_name);
    } else if (name == "increment" && NumberArg(opt->arg, &value)) {
      seq.increment = value;
    } else if (name == "start" && NumberArg(opt->arg, &value)) {
      seq.start = value;
    } else if (name == "minvalue") {
      if (NumberArg(opt->arg, &value))
        seq.min_value = value;
      else
        seq.min_value.reset();  // NO MINVALUE
    } else if (name == "maxvalue") {
      if (NumberArg(opt->arg, &value))
        seq.max_value = value;
      else
        seq.max_value.reset();
    } else if (name == "cache" && NumberArg(opt->arg, &value)) {
      seq.cache = value;
    } else if (name == "cycle") {
      seq.cycle = opt->arg == nullptr || (opt->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN &&
                                          opt->arg->boolean->boolval);
    } else if (name == "owned_by" && opt->arg != nullptr &&
               opt->arg->node_case == PG_QUERY__NODE__NODE_LIST) {
      auto names = NameList(opt->arg->list->items, opt->arg->list->n_items);
      if (names.size() == 1 && names[0] == "none") {
        seq.owned_by_table = {};
        seq.owned_by_column.clear();
      } else if (names.size() >= 2) {
        seq.owned_by_column = names.back();
        names.pop_back();
        seq.owned_by_table = QualifiedFromList(names);
      }
    } else if (name == "restart") {
      // RESTART changes the current value only, which is data, not schema.
    } else {
      ctx.Error(opt->location, "unsupported sequence option: " + name);
      return false;
    }
  }
  return true;
}

}  // namespace

void TransformCreateSequence(Ctx& ctx, PgQuery__CreateSeqStmt* stmt) {
  model::Sequence seq;
  seq.name = RangeVarName(stmt->sequence);
  seq.loc = ctx.Loc(-1);
  if (std::string p = stmt->sequence->relpersistence ? stmt->sequence->relpersistence : "";
      p == "t") {
    ctx.Error(-1, "unsupported statement: CREATE TEMPORARY SEQUENCE");
    return;
  }
  if (auto it = ctx.catalog().sequences.find(seq.name); it != ctx.catalog().sequences.end()) {
    if (!stmt->if_not_exists)
      ctx.Error(-1, "sequence " + seq.name.Display() + " is already defined at " +
                        it->second.loc.ToString());
    return;
  }
  if (!ApplyOptions(ctx, seq, stmt->options, stmt->n_options)) return;
  // Without START the server starts at the low end of an ascending sequence and at the high end
  // of a descending one.
  bool has_start = false;
  for (size_t i = 0; i < stmt->n_options; ++i)
    if (stmt->options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
        std::string_view(stmt->options[i]->def_elem->defname) == "start")
      has_start = true;
  if (!has_start)
    seq.start = seq.increment > 0 ? seq.min_value.value_or(1) : seq.max_value.value_or(-1);
  ctx.catalog().sequences.emplace(seq.name, std::move(seq));
}

void TransformAlterSequence(Ctx& ctx, PgQuery__AlterSeqStmt* stmt) {
  model::QualifiedName name = RangeVarName(stmt->sequence);
  auto it = ctx.catalog().sequences.find(name);
  if (it == ctx.catalog().sequences.end()) {
    if (!stmt->missing_ok) ctx.Error(-1, "sequence " + name.Display() + " does not exist");
    return;
  }
  ApplyOptions(ctx, it->second, stmt->options, stmt->n_options);
}

}  // namespace keel::parser::postgres
