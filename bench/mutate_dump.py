#!/usr/bin/python3
"""A changed copy of a pg_dump --schema-only file, as the next release of that schema.

  mutate_dump.py [--share 0.05] [--seed 1] DUMP.sql > CHANGED.sql

About SHARE of the tables get a new nullable column, SHARE of the indexes are dropped and as
many new ones are added (a copy of an existing index under a new name, on the same columns),
and SHARE of the foreign keys are dropped. The choice is deterministic for a seed, so two runs
print the same bytes and keel's timings compare across runs.
"""
import argparse
import random
import re
import sys

CREATE_TABLE = re.compile(r"^CREATE (UNLOGGED )?TABLE (\S+) \($")
CREATE_INDEX = re.compile(r"^CREATE (UNIQUE )?INDEX (\S+) ON (.*);$")
ADD_FK = re.compile(r"^    ADD CONSTRAINT \S+ FOREIGN KEY ")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("--share", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    lines = open(a.dump, encoding="utf-8").read().split("\n")
    # Indexes of partitioned tables come in attached pairs, and a partition or an inheriting
    # table must keep its parent's columns: changing one half of such a pair breaks the dump.
    attached = set()
    fixed_tables = set()
    table = None
    for line in lines:
        m = re.match(r"^ALTER INDEX (\S+) ATTACH PARTITION (\S+);$", line)
        if m:
            attached.update(n.split(".")[-1] for n in m.groups())
        m = re.match(r"^ALTER TABLE (?:ONLY )?(\S+) ATTACH PARTITION (\S+)", line)
        if m:
            fixed_tables.update(m.groups())
        m = CREATE_TABLE.match(line)
        if m:
            table = m.group(2)
        elif table and line.startswith(")"):
            if "PARTITION BY" in line or "INHERITS" in line:
                fixed_tables.add(table)
            table = None
    parents = {t for t in fixed_tables}
    for line in lines:
        m = re.match(r"^\) INHERITS \((.*)\);?$", line)
        if m:
            parents.update(p.strip() for p in m.group(1).split(","))
    fixed_tables = parents
    out = []
    added_columns = added_indexes = dropped_indexes = dropped_fks = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        m = CREATE_TABLE.match(line)
        if m and m.group(2) not in fixed_tables and rng.random() < a.share:
            out.append(line)
            out.append("    keel_bench_note text,")
            added_columns += 1
            i += 1
            continue
        m = CREATE_INDEX.match(line)
        if (m and not m.group(1) and " ON ONLY " not in line
                and m.group(2).split(".")[-1] not in attached):
            r = rng.random()
            if r < a.share:
                dropped_indexes += 1
                i += 1
                continue
            if r < 2 * a.share:
                out.append(line)
                out.append("")
                out.append(f"CREATE INDEX keel_bench_{added_indexes} ON {m.group(3)};")
                added_indexes += 1
                i += 1
                continue
        # pg_dump writes each foreign key as two lines: ALTER TABLE ONLY t / ADD CONSTRAINT ….
        if (line.startswith("ALTER TABLE ONLY ") and i + 1 < len(lines)
                and ADD_FK.match(lines[i + 1]) and rng.random() < a.share):
            dropped_fks += 1
            i += 2
            continue
        out.append(line)
        i += 1
    sys.stdout.write("\n".join(out))
    print(f"mutate_dump: +{added_columns} columns, +{added_indexes} indexes, "
          f"-{dropped_indexes} indexes, -{dropped_fks} foreign keys", file=sys.stderr)


if __name__ == "__main__":
    main()
