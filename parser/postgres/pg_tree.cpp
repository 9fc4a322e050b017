#include "parser/postgres/pg_tree.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <new>
#include <unordered_map>

#include "model/default_schema.h"

namespace keel::parser::postgres {

Arena::Arena() : allocator_{&Arena::AllocFn, &Arena::FreeFn, this} {}

Arena::~Arena() {
  for (void* block : blocks_) std::free(block);
}

void* Arena::Alloc(size_t size) {
  constexpr size_t kBlock = 64 * 1024;
  size = (std::max<size_t>(size, 1) + 15) & ~static_cast<size_t>(15);
  if (size > kBlock / 4) {
    void* block = std::calloc(1, size);
    if (block == nullptr) throw std::bad_alloc();
    blocks_.push_back(block);
    return block;
  }
  if (size > left_) {
    free_ = static_cast<char*>(std::calloc(1, kBlock));
    if (free_ == nullptr) throw std::bad_alloc();
    blocks_.push_back(free_);
    left_ = kBlock;
  }
  void* out = free_;
  free_ += size;
  left_ -= size;
  return out;
}

char* Arena::Strdup(const std::string& s) {
  char* out = static_cast<char*>(Alloc(s.size() + 1));
  std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

void* Arena::AllocFn(void* data, size_t size) { return static_cast<Arena*>(data)->Alloc(size); }

// Everything is released with the arena; protobuf-c's own frees become no-ops.
void Arena::FreeFn(void*, void*) {}

ParsedSql ParseSql(const std::string& sql, Arena* into) {
  ParsedSql out;
  PgQueryProtobufParseResult result = pg_query_parse_protobuf(sql.c_str());
  if (result.error != nullptr) {
    out.error = result.error->message != nullptr ? result.error->message : "syntax error";
    out.cursorpos = result.error->cursorpos;
  } else {
    out.tree = pg_query__parse_result__unpack(
        (into != nullptr ? into : out.arena.get())->allocator(), result.parse_tree.len,
        reinterpret_cast<const uint8_t*>(result.parse_tree.data));
    if (out.tree == nullptr) out.error = "cannot decode the parse tree";
  }
  pg_query_free_protobuf_parse_result(result);
  return out;
}

namespace {

template <typename T>
void AppendRaw(const T& value, std::string* out) {
  out->append(reinterpret_cast<const char*>(&value), sizeof value);
}

size_t ScalarSize(ProtobufCType type) {
  switch (type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
      return 8;
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_MESSAGE:
      return sizeof(void*);
    case PROTOBUF_C_TYPE_BYTES:
      return sizeof(ProtobufCBinaryData);
    default:  // 32-bit integers, enums, bools, floats
      return 4;
  }
}

void AppendScalar(ProtobufCType type, const char* at, std::string* out) {
  if (type == PROTOBUF_C_TYPE_STRING) {
    const char* s = *reinterpret_cast<const char* const*>(at);
    size_t n = s == nullptr ? 0 : std::strlen(s);
    AppendRaw(n, out);
    out->append(s == nullptr ? "" : s, n);
  } else if (type == PROTOBUF_C_TYPE_BYTES) {
    const auto* b = reinterpret_cast<const ProtobufCBinaryData*>(at);
    AppendRaw(b->len, out);
    out->append(reinterpret_cast<const char*>(b->data), b->len);
  } else {
    out->append(at, ScalarSize(type));
  }
}

// Everything the deparser reads of a tree, in one pass: every field but the token locations,
// which differ between two occurrences of the same expression and do not change its text.
// (Packing the tree instead costs a size computation per level of nesting.)
void AppendKey(const ProtobufCMessage* msg, std::string* out) {
  if (msg == nullptr) {
    out->push_back('\0');
    return;
  }
  const ProtobufCMessageDescriptor* desc = msg->descriptor;
  AppendRaw(desc, out);
  const char* base = reinterpret_cast<const char*>(msg);
  for (unsigned i = 0; i < desc->n_fields; ++i) {
    const ProtobufCFieldDescriptor& field = desc->fields[i];
    if (std::strcmp(field.name, "location") == 0 || std::strcmp(field.name, "stmt_location") == 0)
      continue;
    if (field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      if (*reinterpret_cast<const uint32_t*>(base + field.quantifier_offset) != field.id) continue;
    } else if (field.label == PROTOBUF_C_LABEL_OPTIONAL && field.type != PROTOBUF_C_TYPE_MESSAGE &&
               field.type != PROTOBUF_C_TYPE_STRING) {
      if (!*reinterpret_cast<const protobuf_c_boolean*>(base + field.quantifier_offset)) continue;
    }
    AppendRaw(field.id, out);
    const char* at = base + field.offset;
    if (field.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t n = *reinterpret_cast<const size_t*>(base + field.quantifier_offset);
      AppendRaw(n, out);
      const char* items = *reinterpret_cast<const char* const*>(at);
      for (size_t j = 0; j < n; ++j) {
        const char* item = items + j * ScalarSize(field.type);
        if (field.type == PROTOBUF_C_TYPE_MESSAGE)
          AppendKey(*reinterpret_cast<const ProtobufCMessage* const*>(item), out);
        else
          AppendScalar(field.type, item, out);
      }
    } else if (field.type == PROTOBUF_C_TYPE_MESSAGE) {
      AppendKey(*reinterpret_cast<const ProtobufCMessage* const*>(at), out);
    } else {
      AppendScalar(field.type, at, out);
    }
  }
}

// Deparsing goes through libpg_query's protobuf interface: the node is packed inside a
// `SELECT 1` parse tree and printed back. The wrapper is parsed once per thread, and a schema
// repeats the same small expressions (now(), 0, false, casts) thousands of times, so the text
// is remembered by the tree's content.
std::string DeparseWrapped(Node* node, bool statement) {
  thread_local ParsedSql wrapper = ParseSql("SELECT 1");
  thread_local std::unordered_map<std::string, std::string> cache;
  if (wrapper.tree == nullptr) return "";
  // The key says which slot held the node: a statement and an expression never share text.
  std::string key(1, statement ? 's' : 'e');
  AppendKey(&node->base, &key);
  if (auto hit = cache.find(key); hit != cache.end()) return hit->second;
  Node** slot = statement
                    ? &wrapper.tree->stmts[0]->stmt
                    : &wrapper.tree->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val;
  Node* original = *slot;
  *slot = node;
  std::string packed(pg_query__parse_result__get_packed_size(wrapper.tree), '\0');
  pg_query__parse_result__pack(wrapper.tree, reinterpret_cast<uint8_t*>(packed.data()));
  *slot = original;
  PgQueryProtobuf pb{packed.size(), packed.data()};
  PgQueryDeparseResult result = pg_query_deparse_protobuf(pb);
  std::string text;
  if (result.error == nullptr && result.query != nullptr) {
    text = result.query;
    if (!statement && text.starts_with("SELECT ")) text = text.substr(7);
  }
  pg_query_free_deparse_result(result);
  if (cache.size() > 200000) cache.clear();  // bounded: a huge schema must not grow it forever
  cache.emplace(std::move(key), text);
  return text;
}

}  // namespace

std::string DeparseExpr(Node* expr) {
  // The deparser prints a cast of `x AT TIME ZONE y` without parentheses, which binds the cast
  // to y; the plain call timezone(y, x) means the same and survives the round trip.
  VisitNodes(&expr->base, [](Node* n) {
    if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && n->type_cast->arg != nullptr &&
        n->type_cast->arg->node_case == PG_QUERY__NODE__NODE_FUNC_CALL &&
        n->type_cast->arg->func_call->funcformat == PG_QUERY__COERCION_FORM__COERCE_SQL_SYNTAX)
      n->type_cast->arg->func_call->funcformat = PG_QUERY__COERCION_FORM__COERCE_EXPLICIT_CALL;
  });
  return DeparseWrapped(expr, /*statement=*/false);
}

namespace {

void Visit(ProtobufCMessage* msg, const std::function<void(Node*)>& fn) {
  const ProtobufCMessageDescriptor* desc = msg->descriptor;
  char* base = reinterpret_cast<char*>(msg);
  for (unsigned i = 0; i < desc->n_fields; ++i) {
    const ProtobufCFieldDescriptor& field = desc->fields[i];
    if (field.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    // Only the active member of a oneof may be read through the shared union slot.
    if (field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      uint32_t active = *reinterpret_cast<uint32_t*>(base + field.quantifier_offset);
      if (active != field.id) continue;
    }
    if (field.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t n = *reinterpret_cast<size_t*>(base + field.quantifier_offset);
      auto** items = *reinterpret_cast<ProtobufCMessage***>(base + field.offset);
      for (size_t j = 0; j < n; ++j)
        if (items[j] != nullptr) Visit(items[j], fn);
    } else {
      auto* sub = *reinterpret_cast<ProtobufCMessage**>(base + field.offset);
      if (sub != nullptr) Visit(sub, fn);
    }
  }
  if (desc == &pg_query__node__descriptor) fn(reinterpret_cast<Node*>(msg));
}

}  // namespace

void VisitNodes(ProtobufCMessage* msg, const std::function<void(Node*)>& fn) {
  if (msg != nullptr) Visit(msg, fn);
}

std::string StrVal(const Node* node) {
  if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_STRING) return "";
  return node->string->sval != nullptr ? node->string->sval : "";
}

std::string DeparseStmt(Node* stmt) { return DeparseWrapped(stmt, /*statement=*/true); }

std::string CatalogName(std::vector<std::string> names) {
  if (names.size() == 2 && (names[0] == "pg_catalog" || names[0] == model::DefaultSchema()))
    names.erase(names.begin());
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i > 0 ? "." : "") + model::QuoteIdent(names[i]);
  return out;
}

std::vector<std::string> NameList(Node* const* items, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(StrVal(items[i]));
  return out;
}

model::QualifiedName RangeVarName(const PgQuery__RangeVar* rv) {
  model::QualifiedName qn;
  qn.schema = rv->schemaname != nullptr && rv->schemaname[0] != '\0' ? rv->schemaname
                                                                     : model::DefaultSchema();
  qn.name = rv->relname != nullptr ? rv->relname : "";
  return qn;
}

model::QualifiedName QualifiedFromList(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  if (names.size() == 1) return {model::DefaultSchema(), names[0]};
  return {names[names.size() - 2], names.back()};
}

size_t SkipTrivia(const std::string& text, size_t i) {
  while (i < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
    } else if (text.compare(i, 2, "--") == 0) {
      size_t nl = text.find('\n', i);
      i = nl == std::string::npos ? text.size() : nl + 1;
    } else if (text.compare(i, 2, "/*") == 0) {
      int depth = 0;
      do {
        if (text.compare(i, 2, "/*") == 0) {
          ++depth;
          i += 2;
        } else if (text.compare(i, 2, "*/") == 0) {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      } while (depth > 0 && i < text.size());
    } else {
      break;
    }
  }
  return i;
}

std::string BlankPsqlOnlyLines(const std::string& text) {
  std::string out = text;
  bool in_copy = false;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    std::string line = out.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    bool blank = in_copy || line.starts_with("\\");
    if (in_copy && line == "\\.") in_copy = false;
    if (!blank) {
      std::string upper;
      for (char c : line) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      in_copy = upper.starts_with("COPY ") && upper.ends_with("FROM STDIN;");
    }
    if (blank)
      for (size_t i = start; i < end; ++i)
        if (out[i] != '\r') out[i] = ' ';
    start = end + 1;
  }
  return out;
}

std::vector<std::pair<size_t, size_t>> Comments(const std::string& sql) {
  std::vector<std::pair<size_t, size_t>> out;
  PgQueryScanResult result = pg_query_scan(sql.c_str());
  if (result.error == nullptr) {
    PgQuery__ScanResult* scan = pg_query__scan_result__unpack(
        nullptr, result.pbuf.len, reinterpret_cast<const uint8_t*>(result.pbuf.data));
    if (scan != nullptr) {
      for (size_t i = 0; i < scan->n_tokens; ++i) {
        const PgQuery__ScanToken* t = scan->tokens[i];
        if (t->token == PG_QUERY__TOKEN__SQL_COMMENT || t->token == PG_QUERY__TOKEN__C_COMMENT)
          out.emplace_back(static_cast<size_t>(t->start), static_cast<size_t>(t->end));
      }
      pg_query__scan_result__free_unpacked(scan, nullptr);
    }
  }
  pg_query_free_scan_result(result);
  return out;
}

}  // namespace keel::parser::postgres
