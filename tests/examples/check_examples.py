#!/usr/bin/python3
"""Golden test of one example: the plan between each pair of its consecutive versions.

Usage: check_examples.py KEEL ROOT EXAMPLE [--update]
For examples/EXAMPLE/v1, v2, … it runs `keel diff --from vN --to vN+1` from ROOT in every
format and compares with examples/EXAMPLE/expected/vN-vN+1.{txt,md,json,sql,rollback.sql}, and
`keel lint --format sarif` of that SQL against vN with vN-vN+1.lint.sarif. The JSON must be
valid against docs/plan.schema.json, the SARIF against tests/schema/sarif-subset.schema.json. --update rewrites the expected files
(or set KEEL_UPDATE_GOLDEN=1).
"""
import json
import os
import pathlib
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("check_examples: python3-jsonschema is missing; run scripts/bootstrap.sh")

FORMATS = [
    ("txt", ["--format", "text", "--no-color"]),
    ("md", ["--format", "markdown"]),
    ("json", ["--format", "json"]),
    ("sql", ["--format", "sql"]),
    ("rollback.sql", ["--format", "sql", "--rollback"]),
]


def main():
    keel, root, name = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
    update = "--update" in sys.argv[4:] or os.environ.get("KEEL_UPDATE_GOLDEN") == "1"
    example = root / "examples" / name
    versions = sorted((d.name for d in example.iterdir() if d.is_dir() and d.name[1:].isdigit()
                       and d.name[0] == "v"), key=lambda v: int(v[1:]))
    if len(versions) < 2:
        sys.exit(f"{example}: needs at least two versions (v1, v2, …)")
    schema = json.loads((root / "docs" / "plan.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    sarif = jsonschema.Draft202012Validator(
        json.loads((root / "tests" / "schema" / "sarif-subset.schema.json").read_text()))
    # examples/EXAMPLE/dialect names a dialect other than PostgreSQL ("mysql").
    dialect_file = example / "dialect"
    dialect = dialect_file.read_text().strip() if dialect_file.exists() else "postgres"
    failures = []
    def check(text, filename):
        expected = example / "expected" / filename
        if update:
            expected.parent.mkdir(exist_ok=True)
            expected.write_text(text)
        elif not expected.exists():
            failures.append(f"{expected}: missing (run with KEEL_UPDATE_GOLDEN=1)")
        elif expected.read_text() != text:
            diff = subprocess.run(["diff", "-u", str(expected), "-"], input=text,
                                  capture_output=True, text=True).stdout
            failures.append(f"{expected} differs:\n{diff[:4000]}")

    for a, b in zip(versions, versions[1:]):
        for ext, flags in FORMATS:
            cmd = [keel, "diff", "--from", f"examples/{name}/{a}", "--to",
                   f"examples/{name}/{b}", "--dialect", dialect] + flags
            run = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
            if run.returncode != 0:
                failures.append(f"{' '.join(cmd[1:])}: exit {run.returncode}\n{run.stderr}")
                continue
            if ext == "json":
                for e in validator.iter_errors(json.loads(run.stdout)):
                    failures.append(f"{a}-{b}.json: {'/'.join(map(str, e.path))}: {e.message}")
            check(run.stdout, f"{a}-{b}.{ext}")
        # keel's own plan, linted as if hand-written, against the version it starts from: the
        # SARIF a code-scanning upload would get. What it finds is what the plan's own hazards
        # say (drops, the renames and index drop inside a type change's short swap).
        if dialect != "postgres":
            continue  # keel lint reads PostgreSQL migrations only
        cmd = [keel, "lint", f"examples/{name}/expected/{a}-{b}.sql", "--schema",
               f"examples/{name}/{a}", "--format", "sarif"]
        run = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
        if run.returncode not in (0, 10, 11):
            failures.append(f"{' '.join(cmd[1:])}: exit {run.returncode}\n{run.stderr}")
        else:
            for e in sarif.iter_errors(json.loads(run.stdout)):
                failures.append(f"{a}-{b}.lint.sarif: {'/'.join(map(str, e.path))}: {e.message}")
            check(run.stdout, f"{a}-{b}.lint.sarif")
    for f in failures:
        print(f)
    print(f"{name}: {len(versions) - 1} plan(s), {len(failures)} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
