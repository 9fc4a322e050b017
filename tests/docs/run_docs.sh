#!/usr/bin/env bash
# Runs the commands of a document as written: every ```sh block of DOC, in order, as one bash
# script with `set -euo pipefail`, in a fresh directory, with `keel` on PATH and DATABASE_URL
# naming a fresh database on the test server. ```bash blocks are shown to readers, not run (they
# install packages or name the reader's own database).
#
#   run_docs.sh KEEL PG_STATE DOC
set -euo pipefail
keel=$(realpath "$1")
state=$2
doc=$(realpath "$3")

[ -f "$state/env" ] || { echo "run_docs: no test server ($state/env); run through ctest" >&2; exit 1; }
# shellcheck disable=SC1091
source "$state/env"

name=$(basename "$doc" .md | tr -c 'a-z0-9\n' '_')
db="keel_docs_${name}_$$"
work=$(mktemp -d "/tmp/keel-docs-${name}.XXXXXX")
cleanup() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
createdb "$db"

mkdir -p "$work/bin"
ln -s "$keel" "$work/bin/keel"
{
  echo "set -euo pipefail"
  echo "export PATH=\"$work/bin:\$PATH\" PGDATABASE=$db"
  echo "export DATABASE_URL=\"postgresql://$PGUSER@$PGHOST:$PGPORT/$db\""
  # Each block is echoed before it runs, so a failure shows which one.
  awk '
    /^```sh[[:space:]]*$/ { inside = 1; n++; printf "echo \"== block %d (line %d)\" >&2\n", n, NR; next }
    /^```/ && inside { inside = 0; next }
    inside { print }
  ' "$doc"
} >"$work/doc.sh"

blocks=$(grep -c '^```sh[[:space:]]*$' "$doc" || true)
[ "$blocks" -gt 0 ] || { echo "run_docs: $doc has no sh block" >&2; exit 1; }
cd "$work"
if ! bash "$work/doc.sh" >"$work/out.log" 2>&1; then
  tail -n 60 "$work/out.log"
  echo "run_docs: $doc: a command failed (the last block named above)" >&2
  exit 1
fi
echo "run_docs: $(basename "$doc"): $blocks blocks ran"
