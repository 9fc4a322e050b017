// Keys: key parts, index type and comment, CREATE INDEX.
#include "parser/mysql/transform.h"

namespace keel::parser::mysql {

using P = g::MySqlDdlParser;

std::string IndexMethod(Walk& w, P::IndexTypeContext* type,
                        const std::vector<P::IndexOptionContext*>& opts,
                        const std::string& fallback) {
  if (type) return AsciiLower(w.Text(type->identifier()));
  for (auto* o : opts) {
    if (o->indexType()) return AsciiLower(w.Text(o->indexType()->identifier()));
  }
  return fallback;
}

std::optional<std::string> IndexComment(Walk& w, const std::vector<P::IndexOptionContext*>& opts) {
  for (auto* o : opts) {
    if (o->COMMENT()) {
      std::string comment = UnquoteString(w.Text(o->STRING()));
      return comment.empty() ? std::nullopt : std::optional<std::string>(comment);
    }
  }
  return std::nullopt;
}

std::vector<model::IndexKey> KeyParts(Walk& w, P::KeyPartsContext* ctx) {
  std::vector<model::IndexKey> keys;
  for (auto* part : ctx->keyPart()) {
    model::IndexKey key;
    if (part->identifier()) {
      key.expr = w.Ident(part->identifier());
      if (part->NUMBER()) key.prefix_length = std::stoi(w.Text(part->NUMBER()));
    } else {
      model::Expr e = ParenExpr(w, part->parenExpr());
      key.expr = model::Expr("(" + e.sql + ")", "(" + e.key + ")");
      key.is_expression = true;
    }
    key.desc = part->DESC() != nullptr;
    keys.push_back(std::move(key));
  }
  return keys;
}

void TransformCreateIndex(Walk& w, P::CreateIndexContext* ctx) {
  model::QualifiedName name = w.Name(ctx->qualifiedName());
  auto it = w.out.catalog.tables.find(name);
  if (it == w.out.catalog.tables.end()) {
    w.Error(ctx, "CREATE INDEX on unknown table " + name.Display());
    return;
  }
  std::string index = w.Ident(ctx->identifier());
  if (ctx->ifNotExists() && w.out.catalog.indexes.count(IndexKey(name, index))) return;
  model::Index idx;
  idx.name = {name.schema, index};
  idx.table = name;
  idx.unique = ctx->UNIQUE() != nullptr;
  std::string kind = ctx->FULLTEXT()  ? "fulltext"
                     : ctx->SPATIAL() ? "spatial"
                     : ctx->VECTOR()  ? "vector"
                                      : "";
  idx.method = StoredIndexMethod(it->second.engine,
                                 IndexMethod(w, ctx->indexType(), ctx->indexOption(), kind),
                                 idx.unique, w.options.server);
  idx.comment = IndexComment(w, ctx->indexOption());
  idx.keys = KeyParts(w, ctx->keyParts());
  idx.loc = w.Loc(ctx);
  idx.renamed_from = w.RenameHint(ctx->getStart());
  auto& slot = w.out.catalog.indexes[IndexKey(name, index)];
  if (!slot.name.name.empty() && !ctx->REPLACE()) {
    w.Error(ctx, "duplicate key name \"" + index + "\" on table " + name.Display());
    return;
  }
  slot = std::move(idx);
}

}  // namespace keel::parser::mysql
