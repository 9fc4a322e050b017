// CREATE TABLE, ALTER TABLE ... ADD and DROP: a table's columns, keys and constraints.
#include <algorithm>
#include <optional>

#include "parser/mysql/transform.h"

namespace keel::parser::mysql {
namespace {

using P = g::MySqlDdlParser;

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

model::IndexKey ColumnKey(const std::string& column) {
  model::IndexKey key;
  key.expr = column;
  return key;
}

char Action(P::ActionKindContext* ctx) {
  if (ctx->RESTRICT()) return 'r';
  if (ctx->CASCADE()) return 'c';
  if (ctx->NULL_SYM()) return 'n';
  if (ctx->DEFAULT()) return 'd';
  return 'a';
}

class TableBuilder {
 public:
  TableBuilder(Walk& w, model::Table& table) : w_(w), t_(table) {}

  void Column(P::ColumnDefinitionContext* ctx, const std::string& after = "", bool first = false) {
    model::Column col;
    col.name = w_.Ident(ctx->identifier());
    col.loc = w_.Loc(ctx);
    col.renamed_from = w_.RenameHint(ctx->getStart());
    if (t_.FindColumn(col.name)) {
      w_.Error(ctx, "column \"" + col.name + "\" of table " + t_.name.Display() +
                        " is specified more than once");
      return;
    }
    CanonicalType type = TransformType(w_, ctx->dataType());
    col.type = type.type;
    std::string charset = type.charset, collation;
    bool binary = false, has_check = false;
    if (type.serial) {
      col.not_null = col.auto_increment = true;
      AddIndex(ctx, "", true, "", {ColumnKey(col.name)});
    }
    for (auto* attr : ctx->columnAttribute()) {
      if (auto* a = dynamic_cast<P::NullAttrContext*>(attr)) {
        col.not_null = a->NOT() != nullptr;
      } else if (auto* a = dynamic_cast<P::DefaultAttrContext*>(attr)) {
        col.default_expr = ColumnDefault(w_, a->defaultValue());
      } else if (auto* a = dynamic_cast<P::OnUpdateAttrContext*>(attr)) {
        col.on_update = NowOrCall(w_, a->nowFunction());
      } else if (dynamic_cast<P::AutoIncrementAttrContext*>(attr)) {
        col.auto_increment = true;
      } else if (dynamic_cast<P::PrimaryKeyAttrContext*>(attr)) {
        PrimaryKey(attr, {col.name});
      } else if (dynamic_cast<P::UniqueAttrContext*>(attr)) {
        AddIndex(attr, "", true, "", {ColumnKey(col.name)});
      } else if (auto* a = dynamic_cast<P::CommentAttrContext*>(attr)) {
        // COMMENT '' is no comment: the server cannot tell them apart.
        std::string comment = UnquoteString(w_.Text(a->STRING()));
        if (!comment.empty()) col.comment = comment;
      } else if (auto* a = dynamic_cast<P::CharsetAttrContext*>(attr)) {
        charset = CanonicalCharset(CharsetName(w_, a->charsetName()));
      } else if (auto* a = dynamic_cast<P::CollateAttrContext*>(attr)) {
        collation = CanonicalCollation(CollationName(w_, a->collationName()));
      } else if (auto* a = dynamic_cast<P::GeneratedAttrContext*>(attr)) {
        col.generated = ParenExpr(w_, a->parenExpr());
        col.generated_virtual = !a->generatedKind() || a->generatedKind()->VIRTUAL();
      } else if (auto* a = dynamic_cast<P::CheckAttrContext*>(attr)) {
        Check(attr, a->identifier() ? w_.Ident(a->identifier()) : "", ParenExpr(w_, a->parenExpr()),
              col.name);
        has_check = true;
      } else if (dynamic_cast<P::ReferencesAttrContext*>(attr)) {
        w_.Warning(attr, "MySQL ignores REFERENCES in a column definition; write FOREIGN KEY");
      } else if (dynamic_cast<P::BinaryAttrContext*>(attr)) {
        binary = true;
      }
    }
    // MariaDB's JSON is LONGTEXT in utf8mb4_bin that must hold valid JSON.
    bool mariadb_json = col.type == "json" && w_.options.server == Server::kMariaDb;
    if (mariadb_json) {
      col.type = "longtext";
      if (charset.empty() && collation.empty()) collation = "utf8mb4_bin";
      std::string valid = "json_valid(`" + col.name + "`)";
      if (!has_check) Check(ctx, "", model::Expr(valid, ExprKey(valid)), col.name);
    }
    if (type.textual || mariadb_json) {
      if (charset.empty() && !collation.empty()) charset = CharsetOfCollation(collation);
      if (charset.empty() && collation.empty()) {
        charset = t_.charset;
        collation = t_.collation;
      }
      if (binary && !charset.empty()) collation = charset + "_bin";
      if (collation.empty()) collation = DefaultCollation(charset, w_.options.server);
      col.charset = charset;
      col.collation = collation;
    }
    col.default_expr = ScaledDecimal(col.type, std::move(col.default_expr));
    Insert(std::move(col), after, first);
  }

  void Constraint(P::TableConstraintContext* ctx) {
    if (auto* c = dynamic_cast<P::PrimaryKeyContext*>(ctx)) {
      std::vector<std::string> cols;
      for (auto* part : c->keyParts()->keyPart()) {
        if (part->identifier()) cols.push_back(w_.Ident(part->identifier()));
      }
      PrimaryKey(ctx, cols);
    } else if (auto* c = dynamic_cast<P::UniqueKeyContext*>(ctx)) {
      std::string name =
          c->identifier() ? w_.Ident(c->identifier()) : ConstraintName(c->constraintName());
      AddIndex(ctx, name, true, IndexMethod(w_, c->indexType(), c->indexOption(), ""),
               KeyParts(w_, c->keyParts()), IndexComment(w_, c->indexOption()));
    } else if (auto* c = dynamic_cast<P::PlainKeyContext*>(ctx)) {
      std::string name = c->identifier() ? w_.Ident(c->identifier()) : "";
      AddIndex(ctx, name, false, IndexMethod(w_, c->indexType(), c->indexOption(), ""),
               KeyParts(w_, c->keyParts()), IndexComment(w_, c->indexOption()));
    } else if (auto* c = dynamic_cast<P::SpecialKeyContext*>(ctx)) {
      std::string name = c->identifier() ? w_.Ident(c->identifier()) : "";
      std::string method = c->FULLTEXT() ? "fulltext" : c->SPATIAL() ? "spatial" : "vector";
      AddIndex(ctx, name, false, method, KeyParts(w_, c->keyParts()),
               IndexComment(w_, c->indexOption()));
    } else if (auto* c = dynamic_cast<P::ForeignKeyContext*>(ctx)) {
      ForeignKey(c);
    } else if (auto* c = dynamic_cast<P::CheckConstraintContext*>(ctx)) {
      Check(ctx, ConstraintName(c->constraintName()), ParenExpr(w_, c->parenExpr()));
    }
  }

  void Options(const std::vector<P::TableOptionContext*>& options) {
    std::vector<P::TableOptionBodyContext*> bodies;
    for (auto* opt : options) bodies.push_back(opt->tableOptionBody());
    Options(bodies, false);
  }

  // In an ALTER TABLE an option replaces the table's, and `name=DEFAULT` removes it.
  void Options(const std::vector<P::TableOptionBodyContext*>& bodies, bool alter) {
    bool saw_charset = false, saw_collate = false;
    for (auto* body : bodies) {
      if (dynamic_cast<P::CharsetOptionContext*>(body)) saw_charset = true;
      if (dynamic_cast<P::CollateOptionContext*>(body)) saw_collate = true;
      if (auto* o = dynamic_cast<P::EngineOptionContext*>(body)) {
        t_.engine = o->STRING() ? UnquoteString(w_.Text(o->STRING())) : w_.Text(o->identifier());
      } else if (auto* o = dynamic_cast<P::CharsetOptionContext*>(body)) {
        t_.charset = CanonicalCharset(CharsetName(w_, o->charsetName()));
      } else if (auto* o = dynamic_cast<P::CollateOptionContext*>(body)) {
        t_.collation = CanonicalCollation(CollationName(w_, o->collationName()));
      } else if (auto* o = dynamic_cast<P::AutoIncrementOptionContext*>(body)) {
        t_.auto_increment = std::stoll(w_.Text(o->NUMBER()));
      } else if (auto* o = dynamic_cast<P::CommentOptionContext*>(body)) {
        // An empty comment is none; in an ALTER TABLE it removes the table's.
        std::string comment = UnquoteString(w_.Text(o->STRING()));
        t_.comment = comment.empty() ? std::nullopt : std::optional<std::string>(comment);
      } else if (auto* o = dynamic_cast<P::GenericOptionContext*>(body)) {
        std::string name;
        for (auto* id : o->identifier()) {
          if (o->identifier().size() == 1 || id != o->identifier().back())
            name += (name.empty() ? "" : " ") + AsciiLower(w_.Text(id));
        }
        std::string value = o->STRING()    ? UnquoteString(w_.Text(o->STRING()))
                            : o->NUMBER()  ? w_.Text(o->NUMBER())
                            : o->DEFAULT() ? "DEFAULT"
                                           : Upper(w_.Text(o->identifier().back()));
        if (alter) {
          std::erase_if(t_.options,
                        [&](const std::string& o) { return o.substr(0, o.find('=')) == name; });
          if (value == "DEFAULT") continue;
        }
        t_.options.push_back(name + "=" + value);
      } else {
        t_.options.push_back(AsciiLower(w_.Text(body)));
      }
    }
    if (alter && saw_charset && !saw_collate) t_.collation.clear();
    if (alter && saw_collate && !saw_charset) t_.charset.clear();
    const ParseOptions& defaults = w_.options;
    if (t_.engine.empty()) t_.engine = defaults.default_engine;
    if (t_.charset.empty() && t_.collation.empty()) {
      t_.charset = CanonicalCharset(defaults.default_charset);
      t_.collation = CanonicalCollation(defaults.default_collation);
    }
    if (t_.charset.empty() && !t_.collation.empty()) t_.charset = CharsetOfCollation(t_.collation);
    if (t_.collation.empty()) t_.collation = DefaultCollation(t_.charset, w_.options.server);
    std::sort(t_.options.begin(), t_.options.end());
  }

  /// MODIFY / CHANGE: the column `old` takes the new definition, in its place unless moved.
  void ReplaceColumn(antlr4::ParserRuleContext* ctx, const std::string& old,
                     P::ColumnDefinitionContext* def, P::ColumnPositionContext* pos) {
    auto it = FindCol(old);
    if (it == t_.columns.end()) {
      w_.Error(ctx, "unknown column \"" + old + "\" in table " + t_.name.Display());
      return;
    }
    std::string after = it == t_.columns.begin() ? "" : std::prev(it)->name;
    bool first = it == t_.columns.begin();
    if (pos) {
      first = pos->FIRST() != nullptr;
      after = pos->identifier() ? w_.Ident(pos->identifier()) : "";
    }
    t_.columns.erase(it);
    EraseColumnCheck(old);  // the server keeps it only when the new definition restates it
    std::string name = w_.Ident(def->identifier());
    if (AsciiLower(name) != AsciiLower(old)) RenameRefs(old, name);
    Column(def, after, first && after.empty());
  }

  void RenameColumn(antlr4::ParserRuleContext* ctx, const std::string& from,
                    const std::string& to) {
    auto it = FindCol(from);
    if (it == t_.columns.end()) {
      w_.Error(ctx, "unknown column \"" + from + "\" in table " + t_.name.Display());
      return;
    }
    it->name = to;
    RenameRefs(from, to);
  }

  // The server drops the column from every key, and a key left without columns.
  void DropColumn(antlr4::ParserRuleContext* ctx, const std::string& column, bool if_exists) {
    auto it = FindCol(column);
    if (it == t_.columns.end()) {
      if (!if_exists)
        w_.Error(ctx, "unknown column \"" + column + "\" in table " + t_.name.Display());
      return;
    }
    std::string name = it->name;
    t_.columns.erase(it);
    EraseColumnCheck(name);
    auto& indexes = w_.out.catalog.indexes;
    for (auto i = indexes.begin(); i != indexes.end();) {
      auto& keys = i->second.keys;
      if (i->second.table == t_.name)
        std::erase_if(keys, [&](const model::IndexKey& k) {
          return !k.is_expression && AsciiLower(k.expr.sql) == AsciiLower(name);
        });
      i = i->second.table == t_.name && keys.empty() ? indexes.erase(i) : std::next(i);
    }
    for (auto& con : t_.constraints)
      std::erase_if(con.columns,
                    [&](const std::string& c) { return AsciiLower(c) == AsciiLower(name); });
    std::erase_if(t_.constraints, [](const model::Constraint& c) {
      return c.kind != model::ConstraintKind::kCheck && c.columns.empty();
    });
  }

  void SetDefault(antlr4::ParserRuleContext* ctx, const std::string& column,
                  P::DefaultValueContext* value) {
    auto it = FindCol(column);
    if (it == t_.columns.end()) {
      w_.Error(ctx, "unknown column \"" + column + "\" in table " + t_.name.Display());
      return;
    }
    it->default_expr = value ? ScaledDecimal(it->type, ColumnDefault(w_, value)) : model::Expr();
  }

  void Convert(const std::string& charset, const std::string& collation) {
    t_.charset = charset;
    t_.collation = collation.empty() ? DefaultCollation(charset, w_.options.server) : collation;
    for (auto& c : t_.columns) {
      if (c.charset.empty()) continue;
      c.charset = t_.charset;
      c.collation = t_.collation;
    }
  }

  // What the server adds on its own: NOT NULL on key columns, indexes for foreign keys.
  void Finish() {
    for (auto& con : t_.constraints) {
      if (con.kind != model::ConstraintKind::kPrimaryKey) continue;
      for (const auto& c : con.columns) {
        if (auto* col = t_.FindColumn(c)) col->not_null = true;
      }
    }
    for (const auto& fk : pending_fks_) {
      if (HasIndexOn(fk.columns)) continue;
      std::vector<model::IndexKey> keys;
      for (const auto& c : fk.columns) keys.push_back(ColumnKey(c));
      AddIndex(nullptr, fk.index_name, false, "", keys, std::nullopt, fk.loc);
    }
    pending_fks_.clear();
    OrderConstraints(t_.constraints);
  }

 private:
  struct PendingFk {
    std::vector<std::string> columns;
    std::string index_name;
    model::SourceLoc loc;
  };

  std::vector<model::Column>::iterator FindCol(const std::string& name) {
    return std::find_if(t_.columns.begin(), t_.columns.end(), [&](const model::Column& c) {
      return AsciiLower(c.name) == AsciiLower(name);
    });
  }

  // A column's own CHECK (MariaDB names it after the column) is part of its definition.
  void EraseColumnCheck(const std::string& column) {
    std::erase_if(t_.constraints, [&](const model::Constraint& c) {
      return c.kind == model::ConstraintKind::kCheck && AsciiLower(c.name) == AsciiLower(column);
    });
  }

  // Keys and constraints name columns: a renamed column is renamed in them too.
  void RenameRefs(const std::string& from, const std::string& to) {
    auto rename = [&](std::string& c) {
      if (AsciiLower(c) == AsciiLower(from)) c = to;
    };
    for (auto& [key, idx] : w_.out.catalog.indexes) {
      if (idx.table != t_.name) continue;
      for (auto& k : idx.keys)
        if (!k.is_expression) {
          std::string name = k.expr.sql;
          rename(name);
          k.expr = name;
        }
    }
    for (auto& con : t_.constraints)
      for (auto& c : con.columns) rename(c);
    for (auto& [qn, other] : w_.out.catalog.tables)
      for (auto& con : other.constraints)
        if (con.kind == model::ConstraintKind::kForeignKey && con.ref_table == t_.name)
          for (auto& c : con.ref_columns) rename(c);
  }

  void Insert(model::Column col, const std::string& after, bool first) {
    auto pos = t_.columns.end();
    if (first) pos = t_.columns.begin();
    if (!after.empty()) {
      pos = std::find_if(t_.columns.begin(), t_.columns.end(), [&](const model::Column& c) {
        return AsciiLower(c.name) == AsciiLower(after);
      });
      if (pos != t_.columns.end()) ++pos;
    }
    t_.columns.insert(pos, std::move(col));
  }

  std::string ConstraintName(P::ConstraintNameContext* ctx) {
    return ctx && ctx->identifier() ? w_.Ident(ctx->identifier()) : "";
  }

  bool IndexNameTaken(const std::string& name) const {
    std::string lower = AsciiLower(name);
    if (lower == "primary") return true;
    for (const auto& [key, idx] : w_.out.catalog.indexes) {
      if (idx.table == t_.name && AsciiLower(idx.name.name) == lower) return true;
    }
    return false;
  }

  // The server names an unnamed key after its first column: col, col_2, col_3...
  void AddIndex(antlr4::ParserRuleContext* ctx, std::string name, bool unique,
                const std::string& method, std::vector<model::IndexKey> keys,
                std::optional<std::string> comment = std::nullopt, model::SourceLoc loc = {}) {
    bool generated = name.empty();
    if (generated) {
      std::string base =
          keys.empty() || keys[0].is_expression ? "functional_index" : keys[0].expr.sql;
      name = base;
      for (int n = 2; IndexNameTaken(name); ++n) name = base + "_" + std::to_string(n);
    } else if (IndexNameTaken(name)) {
      if (ctx) w_.Error(ctx, "duplicate key name \"" + name + "\" on table " + t_.name.Display());
      return;
    }
    model::Index idx;
    idx.name = {t_.name.schema, name};
    idx.table = t_.name;
    idx.unique = unique;
    idx.method = StoredIndexMethod(t_.engine, method, unique, w_.options.server);
    idx.keys = std::move(keys);
    idx.comment = std::move(comment);
    idx.name_generated = generated;
    idx.loc = ctx ? w_.Loc(ctx) : loc;
    if (ctx && !generated) idx.renamed_from = w_.RenameHint(ctx->getStart());
    w_.out.catalog.indexes[IndexKey(t_.name, name)] = std::move(idx);
  }

  bool HasIndexOn(const std::vector<std::string>& cols) const {
    auto covers = [&](const std::vector<std::string>& lead) {
      if (lead.size() < cols.size()) return false;
      for (size_t i = 0; i < cols.size(); ++i) {
        if (AsciiLower(lead[i]) != AsciiLower(cols[i])) return false;
      }
      return true;
    };
    for (const auto& con : t_.constraints) {
      if (con.kind == model::ConstraintKind::kPrimaryKey && covers(con.columns)) return true;
    }
    for (const auto& [key, idx] : w_.out.catalog.indexes) {
      if (idx.table != t_.name || (idx.method != "btree" && idx.method != "hash")) continue;
      std::vector<std::string> lead;
      for (const auto& k : idx.keys) {
        if (k.is_expression || k.prefix_length > 0) break;
        lead.push_back(k.expr.sql);
      }
      if (covers(lead)) return true;
    }
    return false;
  }

  void PrimaryKey(antlr4::ParserRuleContext* ctx, std::vector<std::string> cols) {
    for (const auto& con : t_.constraints) {
      if (con.kind == model::ConstraintKind::kPrimaryKey) {
        w_.Error(ctx, "multiple primary keys for table " + t_.name.Display());
        return;
      }
    }
    model::Constraint pk;
    pk.name = "PRIMARY";
    pk.kind = model::ConstraintKind::kPrimaryKey;
    pk.columns = std::move(cols);
    pk.loc = w_.Loc(ctx);
    t_.constraints.push_back(std::move(pk));
  }

  // An unnamed CHECK is t_chk_N on MySQL 8; on MariaDB a column's is named after the column
  // and a table's CONSTRAINT_N.
  void Check(antlr4::ParserRuleContext* ctx, std::string name, model::Expr expr,
             const std::string& column = "") {
    model::Constraint chk;
    chk.kind = model::ConstraintKind::kCheck;
    chk.check_expr = std::move(expr);
    if (name.empty()) {
      int n = ++w_.state.check_counter[t_.name];
      if (w_.options.server == Server::kMySql8) {
        name = t_.name.name + "_chk_" + std::to_string(n);
      } else if (!column.empty()) {
        name = column;
        --w_.state.check_counter[t_.name];
      } else {
        name = "CONSTRAINT_" + std::to_string(n);
      }
      chk.name_generated = true;
    }
    chk.name = name;
    chk.loc = w_.Loc(ctx);
    t_.constraints.push_back(std::move(chk));
  }

  void ForeignKey(P::ForeignKeyContext* ctx) {
    model::Constraint fk;
    fk.kind = model::ConstraintKind::kForeignKey;
    for (auto* id : ctx->identifierList()->identifier()) fk.columns.push_back(w_.Ident(id));
    auto* ref = ctx->references();
    fk.ref_table = w_.Name(ref->qualifiedName());
    if (ref->identifierList()) {
      for (auto* id : ref->identifierList()->identifier()) fk.ref_columns.push_back(w_.Ident(id));
    }
    for (auto* action : ref->referenceAction()) {
      (action->DELETE() ? fk.on_delete : fk.on_update) = Action(action->actionKind());
    }
    // The server treats NO ACTION as RESTRICT.
    if (fk.on_delete == 'a') fk.on_delete = 'r';
    if (fk.on_update == 'a') fk.on_update = 'r';
    std::string symbol = ConstraintName(ctx->constraintName());
    std::string index_name = ctx->identifier() ? w_.Ident(ctx->identifier()) : "";
    fk.name = symbol;
    if (fk.name.empty()) {
      fk.name = t_.name.name + "_ibfk_" + std::to_string(++w_.state.fk_counter[t_.name]);
      fk.name_generated = true;
    }
    fk.loc = w_.Loc(ctx);
    pending_fks_.push_back({fk.columns, !symbol.empty() ? symbol : index_name, fk.loc});
    t_.constraints.push_back(std::move(fk));
  }

  Walk& w_;
  model::Table& t_;
  std::vector<PendingFk> pending_fks_;
};

void EraseIndexesOf(model::Catalog& catalog, const model::QualifiedName& table) {
  std::erase_if(catalog.indexes, [&](const auto& kv) { return kv.second.table == table; });
}

// RENAME TABLE: the table, its keys and triggers move; foreign keys follow it.
void MoveTable(Walk& w, antlr4::ParserRuleContext* ctx, const model::QualifiedName& from,
               const model::QualifiedName& to) {
  auto& cat = w.out.catalog;
  auto node = cat.tables.extract(from);
  if (node.empty()) {
    w.Error(ctx, "RENAME of unknown table " + from.Display());
    return;
  }
  if (cat.tables.count(to)) {
    w.Error(ctx, "table " + to.Display() + " already exists");
    cat.tables.insert(std::move(node));
    return;
  }
  node.key() = to;
  node.mapped().name = to;
  cat.tables.insert(std::move(node));
  std::vector<model::Index> moved;
  for (auto i = cat.indexes.begin(); i != cat.indexes.end();) {
    if (i->second.table != from) {
      ++i;
      continue;
    }
    moved.push_back(std::move(i->second));
    i = cat.indexes.erase(i);
  }
  for (auto& idx : moved) {
    idx.table = to;
    idx.name.schema = to.schema;
    cat.indexes[IndexKey(to, idx.name.name)] = std::move(idx);
  }
  std::map<model::TriggerKey, model::Trigger> triggers;
  for (auto i = cat.triggers.begin(); i != cat.triggers.end();) {
    if (i->first.first != from) {
      ++i;
      continue;
    }
    model::Trigger t = std::move(i->second);
    t.table = to;
    triggers[{to, t.name}] = std::move(t);
    i = cat.triggers.erase(i);
  }
  cat.triggers.merge(triggers);
  for (auto& [qn, t] : cat.tables)
    for (auto& con : t.constraints)
      if (con.kind == model::ConstraintKind::kForeignKey && con.ref_table == from)
        con.ref_table = to;
}

}  // namespace

void TransformCreateTable(Walk& w, P::CreateTableContext* ctx) {
  auto names = ctx->qualifiedName();
  model::QualifiedName name = w.Name(names[0]);
  auto& tables = w.out.catalog.tables;
  if (tables.count(name)) {
    if (!ctx->ifNotExists()) w.Error(ctx, "table " + name.Display() + " already exists");
    return;
  }
  if (ctx->TEMPORARY()) {
    w.Warning(ctx, "a TEMPORARY table is not part of the schema; ignored");
    return;
  }
  if (ctx->LIKE()) {
    model::QualifiedName source = w.Name(names[1]);
    auto it = tables.find(source);
    if (it == tables.end()) {
      w.Error(ctx, "CREATE TABLE ... LIKE: unknown table " + source.Display());
      return;
    }
    model::Table copy = it->second;
    copy.name = name;
    copy.loc = w.Loc(ctx);
    std::vector<model::Index> indexes;
    for (const auto& [key, idx] : w.out.catalog.indexes) {
      if (idx.table == source) indexes.push_back(idx);
    }
    for (auto& idx : indexes) {
      idx.table = name;
      idx.name.schema = name.schema;
      w.out.catalog.indexes[IndexKey(name, idx.name.name)] = idx;
    }
    tables[name] = std::move(copy);
    return;
  }
  model::Table& table = tables[name];
  table.name = name;
  table.loc = w.Loc(ctx);
  table.renamed_from = w.RenameHint(ctx->getStart());
  TableBuilder b(w, table);
  b.Options(ctx->tableOption());
  for (auto* el : ctx->tableElement()) {
    if (el->columnDefinition()) b.Column(el->columnDefinition());
  }
  for (auto* el : ctx->tableElement()) {
    if (el->tableConstraint()) b.Constraint(el->tableConstraint());
  }
  if (auto* part = ctx->partitionClause()) {
    std::string text = w.TextAfter(part->BY()->getSymbol());
    table.partition_by = model::Expr(text, PartitionKey(text));
  }
  b.Finish();
}

void TransformAlterTable(Walk& w, P::AlterTableContext* ctx) {
  model::QualifiedName name = w.Name(ctx->qualifiedName());
  auto& cat = w.out.catalog;
  auto it = cat.tables.find(name);
  if (it == cat.tables.end()) {
    w.Error(ctx, "ALTER TABLE of unknown table " + name.Display());
    return;
  }
  TableBuilder b(w, it->second);
  model::Table& table = it->second;
  std::optional<model::QualifiedName> rename;
  auto position = [&](P::ColumnPositionContext* pos, std::string* after) {
    if (pos && pos->identifier()) *after = w.Ident(pos->identifier());
    return pos && pos->FIRST();
  };
  for (auto* spec : ctx->alterSpec()) {
    if (auto* s = dynamic_cast<P::AddConstraintContext*>(spec)) {
      b.Constraint(s->tableConstraint());
    } else if (auto* s = dynamic_cast<P::AddColumnContext*>(spec)) {
      std::string after;
      bool first = position(s->columnPosition(), &after);
      b.Column(s->columnDefinition(), after, first);
    } else if (auto* s = dynamic_cast<P::AddColumnsContext*>(spec)) {
      for (auto* c : s->columnDefinition()) b.Column(c);
    } else if (dynamic_cast<P::DropPrimaryKeyContext*>(spec)) {
      std::erase_if(table.constraints, [](const model::Constraint& c) {
        return c.kind == model::ConstraintKind::kPrimaryKey;
      });
    } else if (auto* s = dynamic_cast<P::DropForeignKeyContext*>(spec)) {
      // The key the server made for the foreign key stays.
      std::string fk = w.Ident(s->identifier());
      if (std::erase_if(table.constraints,
                        [&](const model::Constraint& c) {
                          return c.kind == model::ConstraintKind::kForeignKey && c.name == fk;
                        }) == 0 &&
          !s->ifExists())
        w.Error(spec, "unknown foreign key \"" + fk + "\" on table " + name.Display());
    } else if (auto* s = dynamic_cast<P::DropKeyContext*>(spec)) {
      std::string key = w.Ident(s->identifier());
      if (AsciiLower(key) == "primary") {
        std::erase_if(table.constraints, [](const model::Constraint& c) {
          return c.kind == model::ConstraintKind::kPrimaryKey;
        });
      } else if (cat.indexes.erase(IndexKey(name, key)) == 0 && !s->ifExists()) {
        w.Error(spec, "unknown key \"" + key + "\" on table " + name.Display());
      }
    } else if (auto* s = dynamic_cast<P::DropCheckContext*>(spec)) {
      std::string con = w.Ident(s->identifier());
      if (std::erase_if(table.constraints,
                        [&](const model::Constraint& c) {
                          return c.name == con && c.kind != model::ConstraintKind::kPrimaryKey;
                        }) == 0 &&
          !s->ifExists())
        w.Error(spec, "unknown constraint \"" + con + "\" on table " + name.Display());
    } else if (auto* s = dynamic_cast<P::DropColumnContext*>(spec)) {
      b.DropColumn(spec, w.Ident(s->identifier()), s->ifExists() != nullptr);
    } else if (auto* s = dynamic_cast<P::ModifyColumnContext*>(spec)) {
      b.ReplaceColumn(spec, w.Ident(s->columnDefinition()->identifier()), s->columnDefinition(),
                      s->columnPosition());
    } else if (auto* s = dynamic_cast<P::ChangeColumnContext*>(spec)) {
      b.ReplaceColumn(spec, w.Ident(s->identifier()), s->columnDefinition(), s->columnPosition());
    } else if (auto* s = dynamic_cast<P::RenameColumnContext*>(spec)) {
      b.RenameColumn(spec, w.Ident(s->identifier(0)), w.Ident(s->identifier(1)));
    } else if (auto* s = dynamic_cast<P::RenameKeyContext*>(spec)) {
      std::string from = w.Ident(s->identifier(0)), to = w.Ident(s->identifier(1));
      auto node = cat.indexes.extract(IndexKey(name, from));
      if (node.empty()) {
        w.Error(spec, "unknown key \"" + from + "\" on table " + name.Display());
        continue;
      }
      node.key() = IndexKey(name, to);
      node.mapped().name.name = to;
      node.mapped().name_generated = false;
      cat.indexes.insert(std::move(node));
    } else if (auto* s = dynamic_cast<P::RenameToContext*>(spec)) {
      rename = w.Name(s->qualifiedName());
    } else if (auto* s = dynamic_cast<P::AlterDefaultContext*>(spec)) {
      b.SetDefault(spec, w.Ident(s->identifier()), s->defaultValue());
    } else if (auto* s = dynamic_cast<P::ConvertCharsetContext*>(spec)) {
      b.Convert(CanonicalCharset(CharsetName(w, s->charsetName())),
                s->collationName() ? CanonicalCollation(CollationName(w, s->collationName())) : "");
    } else if (auto* s = dynamic_cast<P::PartitionByContext*>(spec)) {
      std::string text = w.TextAfter(s->BY()->getSymbol());
      table.partition_by = model::Expr(text, PartitionKey(text));
    } else if (dynamic_cast<P::RemovePartitioningContext*>(spec)) {
      table.partition_by = {};
    } else if (auto* s = dynamic_cast<P::TableOptionsContext*>(spec)) {
      b.Options(s->tableOptionBody(), true);
    }  // ALGORITHM/LOCK, DISABLE/ENABLE KEYS change no definition.
  }
  b.Finish();
  if (rename) MoveTable(w, ctx, name, *rename);
}

void TransformRenameTable(Walk& w, P::RenameTableContext* ctx) {
  for (auto* pair : ctx->renamePair())
    MoveTable(w, pair, w.Name(pair->qualifiedName(0)), w.Name(pair->qualifiedName(1)));
}

void TransformDrop(Walk& w, P::DropStatementContext* ctx) {
  auto& cat = w.out.catalog;
  if (auto* d = dynamic_cast<P::DropTableContext*>(ctx)) {
    for (auto* qn : d->qualifiedName()) {
      model::QualifiedName name = w.Name(qn);
      if (cat.tables.erase(name) == 0 && !d->ifExists()) {
        w.Error(ctx, "DROP TABLE of unknown table " + name.Display());
      }
      EraseIndexesOf(cat, name);
      std::erase_if(cat.triggers, [&](const auto& kv) { return kv.first.first == name; });
    }
  } else if (auto* d = dynamic_cast<P::DropObjectContext*>(ctx)) {
    for (auto* qn : d->qualifiedName()) {
      model::QualifiedName name = w.Name(qn);
      size_t erased = 0;
      if (d->VIEW()) {
        erased = cat.views.erase(name);
      } else if (d->TRIGGER()) {
        erased = std::erase_if(cat.triggers, [&](const auto& kv) {
          return kv.first.second == name.name && kv.first.first.schema == name.schema;
        });
      } else if (d->PROCEDURE() || d->FUNCTION()) {
        bool proc = d->PROCEDURE() != nullptr;
        erased = std::erase_if(cat.functions, [&](const auto& kv) {
          return kv.first.first == name && kv.second.is_procedure == proc;
        });
      } else {
        erased = 1;  // events are not in the catalog
      }
      if (erased == 0 && !d->ifExists()) w.Error(ctx, "DROP of unknown object " + name.Display());
    }
  } else if (auto* d = dynamic_cast<P::DropIndexContext*>(ctx)) {
    model::QualifiedName table = w.Name(d->qualifiedName());
    if (cat.indexes.erase(IndexKey(table, w.Ident(d->identifier()))) == 0) {
      w.Error(ctx, "DROP INDEX of unknown index " + w.Ident(d->identifier()));
    }
  }
}

}  // namespace keel::parser::mysql
