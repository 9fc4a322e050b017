#include "diff/change.h"

#include <fmt/format.h>

#include "model/overloaded.h"

namespace keel::diff {
namespace {

using keel::Overloaded;

}  // namespace

std::string SchemaId(const std::string& schema) { return "schema:" + schema; }
std::string TableId(const model::QualifiedName& t) { return "table:" + t.Display(); }
std::string ColumnId(const model::QualifiedName& t, const std::string& c) {
  return "column:" + t.Display() + "." + c;
}
std::string ConstraintId(const model::QualifiedName& t, const std::string& c) {
  return "constraint:" + t.Display() + "." + c;
}
std::string IndexId(const model::QualifiedName& i) { return "index:" + i.Display(); }
std::string SequenceId(const model::QualifiedName& s) { return "sequence:" + s.Display(); }
std::string ViewId(const model::QualifiedName& v) { return "view:" + v.Display(); }

Change Inverse(const Change& change) {
  return std::visit(Overloaded{
                        [](const CreateSchema& c) -> Change { return DropSchema{c.schema}; },
                        [](const DropSchema& c) -> Change { return CreateSchema{c.schema}; },
                        [](const CreateTable& c) -> Change {
                          return DropTable{c.table, {}, {}};
                        },
                        [](const DropTable& c) -> Change { return CreateTable{c.table}; },
                        [](const RenameTable& c) -> Change {
                          return RenameTable{c.to, c.from};
                        },
                        [](const AddColumn& c) -> Change {
                          return DropColumn{c.table, c.column};
                        },
                        [](const DropColumn& c) -> Change {
                          return AddColumn{c.table, c.column};
                        },
                        [](const RenameColumn& c) -> Change {
                          return RenameColumn{c.table, c.to, c.from};
                        },
                        [](const AlterColumn& c) -> Change {
                          return AlterColumn{c.table, c.to, c.from, c.what};
                        },
                        [](const AddConstraint& c) -> Change {
                          return DropConstraint{c.table, c.constraint};
                        },
                        [](const DropConstraint& c) -> Change {
                          return AddConstraint{c.table, c.constraint};
                        },
                        [](const RenameConstraint& c) -> Change {
                          return RenameConstraint{c.table, c.to, c.from};
                        },
                        [](const CreateIndex& c) -> Change { return DropIndex{c.index}; },
                        [](const DropIndex& c) -> Change { return CreateIndex{c.index}; },
                        [](const RenameIndex& c) -> Change {
                          return RenameIndex{c.to, c.from};
                        },
                        [](const CreateSequence& c) -> Change { return DropSequence{c.sequence}; },
                        [](const DropSequence& c) -> Change { return CreateSequence{c.sequence}; },
                        [](const AlterSequence& c) -> Change {
                          return AlterSequence{c.to, c.from};
                        },
                        [](const SetComment& c) -> Change {
                          return SetComment{c.target, c.object_id, c.to, c.from};
                        },
                        [](const TypeChange& c) -> Change { return InverseTypeChange(c); },
                        [](const SetStatistics& c) -> Change {
                          return SetStatistics{c.target, c.object_id, c.to, c.from};
                        },
                        [](const SecurityChange& c) -> Change { return InverseSecurityChange(c); },
                        [](const CreateView& c) -> Change { return DropView{c.view}; },
                        [](const DropView& c) -> Change { return CreateView{c.view}; },
                        [](const ReplaceView& c) -> Change {
                          return ReplaceView{c.to, c.from};
                        },
                        [](const RoutineChange& c) -> Change { return InverseRoutineChange(c); },
                        [](const AlterTable& c) -> Change {
                          return AlterTable{c.to, c.from, c.what};
                        },
                    },
                    change);
}

std::string Describe(const Change& change) {
  return std::visit(
      Overloaded{
          [](const CreateSchema& c) { return "create schema " + c.schema.name; },
          [](const DropSchema& c) { return "drop schema " + c.schema.name; },
          [](const CreateTable& c) { return "create table " + c.table.name.Display(); },
          [](const DropTable& c) { return "drop table " + c.table.name.Display(); },
          [](const RenameTable& c) {
            return "rename table " + c.from.Display() + " to " + c.to.name;
          },
          [](const AddColumn& c) {
            return "add column " + c.table.Display() + "." + c.column.name;
          },
          [](const DropColumn& c) {
            return "drop column " + c.table.Display() + "." + c.column.name;
          },
          [](const RenameColumn& c) {
            return "rename column " + c.table.Display() + "." + c.from + " to " + c.to;
          },
          [](const AlterColumn& c) {
            std::vector<std::string> what;
            if (c.what & kColumnType) what.push_back("type");
            if (c.what & kColumnNotNull)
              what.push_back(c.to.not_null ? "set not null" : "drop not null");
            if (c.what & kColumnDefault) what.push_back("default");
            if (c.what & kColumnCollation) what.push_back("collation");
            if (c.what & kColumnIdentity) what.push_back("identity");
            if (c.what & kColumnGenerated) what.push_back("generated");
            if (c.what & kColumnCharset) what.push_back("character set");
            if (c.what & kColumnAutoIncrement) what.push_back("auto_increment");
            if (c.what & kColumnOnUpdate) what.push_back("on update");
            return fmt::format("alter column {}.{} ({})", c.table.Display(), c.to.name,
                               fmt::join(what, ", "));
          },
          [](const AddConstraint& c) {
            return "add constraint " + c.constraint.name + " on " + c.table.Display();
          },
          [](const DropConstraint& c) {
            return "drop constraint " + c.constraint.name + " on " + c.table.Display();
          },
          [](const RenameConstraint& c) {
            return "rename constraint " + c.from + " on " + c.table.Display() + " to " + c.to;
          },
          [](const CreateIndex& c) { return "create index " + c.index.name.Display(); },
          [](const DropIndex& c) { return "drop index " + c.index.name.Display(); },
          [](const RenameIndex& c) {
            return "rename index " + c.from.Display() + " to " + c.to.name;
          },
          [](const CreateSequence& c) { return "create sequence " + c.sequence.name.Display(); },
          [](const DropSequence& c) { return "drop sequence " + c.sequence.name.Display(); },
          [](const AlterSequence& c) { return "alter sequence " + c.to.name.Display(); },
          [](const SetComment& c) { return "comment on " + c.target; },
          [](const TypeChange& c) { return DescribeTypeChange(c); },
          [](const SetStatistics& c) { return "set statistics on " + c.target; },
          [](const SecurityChange& c) { return DescribeSecurityChange(c); },
          [](const CreateView& c) {
            return std::string(c.view.materialized ? "create materialized view " : "create view ") +
                   c.view.name.Display();
          },
          [](const DropView& c) {
            return std::string(c.view.materialized ? "drop materialized view " : "drop view ") +
                   c.view.name.Display();
          },
          [](const ReplaceView& c) { return "replace view " + c.to.name.Display(); },
          [](const RoutineChange& c) { return DescribeRoutineChange(c); },
          [](const AlterTable& c) {
            std::vector<std::string> what;
            if (c.what & kTableUnlogged) what.push_back(c.to.unlogged ? "unlogged" : "logged");
            if (c.what & kTableOptions) what.push_back("storage parameters");
            if (c.what & kTablePartition) what.push_back("partition bound");
            if (c.what & kTableInherits) what.push_back("inherits");
            if (c.what & kTableEngine) what.push_back("engine " + c.to.engine);
            if (c.what & kTableCharset) what.push_back("character set");
            return fmt::format("alter table {} ({})", c.to.name.Display(), fmt::join(what, ", "));
          },
      },
      change);
}

}  // namespace keel::diff
