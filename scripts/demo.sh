#!/usr/bin/env bash
# keel end to end: a throwaway PostgreSQL holding examples/shop/v1, the plan to v2, keel apply
# of the saved plan, and the empty re-plan. Then the offline diff of the two versions (no server).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

"$ROOT/scripts/bootstrap.sh"
"$ROOT/scripts/build.sh" "$ROOT/build" >/dev/null
KEEL="$ROOT/build/keel"

STATE=$(mktemp -d /tmp/keel-demo.XXXXXX)
trap '"$ROOT/scripts/pg_tmp.sh" stop "$STATE" >/dev/null 2>&1 || true' EXIT
eval "$("$ROOT/scripts/pg_tmp.sh" start "$STATE")"
export PGDATABASE=shop
createdb shop

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "load examples/shop/v1 into a throwaway PostgreSQL 15 (port $PGPORT)"
cat examples/shop/v1/*.sql | psql -X -q -v ON_ERROR_STOP=1

step "keel plan --schema examples/shop/v2"
"$KEEL" plan --schema examples/shop/v2

step "keel plan --schema examples/shop/v2 --format sql (the script psql could run as it is)"
"$KEEL" plan --schema examples/shop/v2 --format sql

step "keel plan ... --format json --out plan.json: the plan to review and apply"
"$KEEL" plan --schema examples/shop/v2 --format json --out "$STATE/plan.json"
echo "saved $STATE/plan.json"

step "keel apply plan.json --allow-hazards data-loss (journaled, backed up, checked before and after)"
"$KEEL" apply "$STATE/plan.json" --allow-hazards data-loss --backup-dir "$STATE/backups" \
  --report-dir "$STATE/reports"

step "keel status"
"$KEEL" status

step "keel plan again: nothing left to do"
"$KEEL" plan --schema examples/shop/v2 --exit-code && echo "(exit code 0: converged)"

step "offline: keel diff --from examples/shop/v1 --to examples/shop/v2 (no server needed)"
"$KEEL" diff --from examples/shop/v1 --to examples/shop/v2
