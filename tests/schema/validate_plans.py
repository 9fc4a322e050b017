#!/usr/bin/python3
"""Validates `keel diff --format json` of every golden case against docs/plan.schema.json.

Usage: validate_plans.py KEEL CASE_DIR SCHEMA
Cases that expect an error (an `error` section) are skipped; every other one must produce a
document the schema accepts. Needs python3-jsonschema (scripts/bootstrap.sh installs it).
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    sys.exit("validate_plans: python3-jsonschema is missing; run scripts/bootstrap.sh")

SECTION = re.compile(r"^-- (\S+) --$")


def sections(text):
    out, name = {}, None
    for line in text.splitlines(keepends=True):
        m = SECTION.match(line.rstrip("\n"))
        if m:
            name = m.group(1)
            out[name] = ""
        elif name is not None:
            out[name] += line
    return out


def main():
    keel, case_dir, schema_path = (str(pathlib.Path(p).resolve()) for p in sys.argv[1:4])
    schema = json.loads(pathlib.Path(schema_path).read_text())
    validator = jsonschema.Draft202012Validator(schema)
    checked, failures = 0, []
    for case in sorted(pathlib.Path(case_dir).rglob("*.case")):
        parts = sections(case.read_text())
        if "error" in parts or "desired.sql" not in parts:
            continue
        args = [a for a in parts.get("args", "").splitlines() if a.strip()]
        if case.relative_to(case_dir).parts[0] == "mysql":
            args = ["--dialect", "mysql", *args]
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("current.sql", "desired.sql"):
                pathlib.Path(tmp, name).write_text(parts.get(name, ""))
            run = subprocess.run([keel, "diff", "--from", "current.sql", "--to", "desired.sql",
                                  "--format", "json", *args], cwd=tmp, capture_output=True,
                                 text=True)
        if run.returncode != 0:
            failures.append(f"{case}: keel exited {run.returncode}: {run.stderr.strip()}")
            continue
        try:
            doc = json.loads(run.stdout)
        except json.JSONDecodeError as e:
            failures.append(f"{case}: not JSON: {e}")
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors[:3]:
            failures.append(f"{case}: {'/'.join(map(str, e.path))}: {e.message}")
        checked += 1
    for f in failures:
        print(f)
    print(f"validate_plans: {checked} plans checked against {schema_path}, "
          f"{len(failures)} problems")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
