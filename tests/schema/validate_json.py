#!/usr/bin/python3
"""Validates JSON documents against a JSON schema: validate_json.py SCHEMA FILE...

Prints each violation with its path and exits 1 when there is one. Needs python3-jsonschema.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("validate_json: python3-jsonschema is missing; run scripts/bootstrap.sh")


def main():
    with open(sys.argv[1]) as f:
        validator = jsonschema.Draft202012Validator(json.load(f))
    bad = 0
    for path in sys.argv[2:]:
        with open(path) as f:
            doc = json.load(f)
        for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
            bad += 1
            print(f"{path}: {'/'.join(map(str, e.path)) or '(root)'}: {e.message}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
