#!/usr/bin/env bash
# Fleet apply against applying targets one by one. Results in docs/fleet-benchmark.md. Not run
# by CI.
#
#   bench/fleet.sh                   100 targets, --parallel 1, 4 and 8
#   TARGETS=20 PARALLEL="4" bench/fleet.sh
#
# A throwaway server holds TARGETS small databases (a release-1 schema of two tables, a few
# thousand rows). Each measurement starts from fresh copies (CREATE DATABASE … TEMPLATE) and
# brings every target to the same desired schema (a required column with a volatile default, so
# a batched backfill; a new index built concurrently; a new table with a foreign key):
#   - one by one: `keel apply --schema desired.sql --db URL --yes` for each target in turn,
#     as a deploy script would loop;
#   - `keel fleet apply --schema desired.sql --targets fleet.toml --parallel N` (one canary).
# Every run is checked: each target must plan empty afterwards.
# Environment: TARGETS (default 100), PARALLEL (default "1 4 8"), ROWS per target (default
# 2000), BUILD_DIR (default build-release), OUT (default docs/fleet-benchmark.md),
# SKIP_BUILD=1 to reuse an existing build.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGETS=${TARGETS:-100}
PARALLEL=${PARALLEL:-"1 4 8"}
ROWS=${ROWS:-2000}
BUILD_DIR=$(realpath -m "${BUILD_DIR:-$ROOT/build-release}")
OUT=${OUT:-$ROOT/docs/fleet-benchmark.md}
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
STATE=$(mktemp -d /tmp/keel-fleet-bench.XXXXXX)
WORK=$STATE/work

log() { echo "fleet-bench: $*" >&2; }
# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"

release_build keel
KEEL=$BUILD_DIR/keel
[ -x "$KEEL" ] || { log "no $KEEL"; exit 1; }
start_server
cd "$WORK"

cat >release1.sql <<EOF
CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE projects (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id), name text);
CREATE INDEX projects_account ON projects (account_id);
INSERT INTO accounts SELECT g, 'user' || g || '@example.com', now() FROM generate_series(1, $ROWS) g;
INSERT INTO projects SELECT g, 1 + g % $ROWS, 'project ' || g FROM generate_series(1, $ROWS) g;
EOF
cat >desired.sql <<'EOF'
CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  api_token uuid NOT NULL DEFAULT gen_random_uuid()
);
CREATE TABLE projects (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id), name text NOT NULL);
CREATE INDEX projects_account ON projects (account_id);
CREATE INDEX accounts_email ON accounts (email);
CREATE TABLE audit_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  at timestamptz NOT NULL DEFAULT now()
);
EOF
psql -X -q -c "CREATE DATABASE fleet_template" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d fleet_template -f release1.sql >/dev/null || exit 1
psql -X -q -d fleet_template -c "VACUUM ANALYZE" >/dev/null

url() { echo "host=$PGHOST port=$PGPORT user=$PGUSER dbname=fleet_$1"; }
fresh() {
  local i
  for i in $(seq 1 "$TARGETS"); do
    psql -X -q -c "DROP DATABASE IF EXISTS fleet_$i" -c "CREATE DATABASE fleet_$i TEMPLATE fleet_template" \
      >/dev/null 2>&1
  done
  : >fleet.toml
  for i in $(seq 1 "$TARGETS"); do
    printf '[[target]]\nname = "t%s"\nurl = "%s"\n\n' "$i" "$(url "$i")" >>fleet.toml
  done
  rm -rf keel-reports backups keel-fleet-plan.json
}
converged() {
  local i
  for i in $(seq 1 "$TARGETS"); do
    "$KEEL" plan --schema desired.sql --db "$(url "$i")" --exit-code >/dev/null 2>&1 || return 1
  done
}

RESULTS=()
log "one by one: $TARGETS x keel apply"
fresh
steps=$("$KEEL" plan --schema desired.sql --db "$(url 1)" --no-color | sed -n 's/^Plan: \([0-9]*\) step.*/\1/p')
t0=$(now_ms)
failed=0
for i in $(seq 1 "$TARGETS"); do
  "$KEEL" apply --schema desired.sql --db "$(url "$i")" --yes --skip-backup --quiet \
    --report-dir '' >/dev/null 2>>apply.err || failed=$((failed + 1))
done
serial_ms=$(($(now_ms) - t0))
status="converged"
{ [ "$failed" = 0 ] && converged; } || status="**did not converge** ($failed failed)"
log "one by one: $serial_ms ms, $status"
RESULTS+=("| one by one (\`keel apply\` in a loop) | 1 | $serial_ms | 1.0× | $status |")

for p in $PARALLEL; do
  log "keel fleet apply --parallel $p"
  fresh
  t0=$(now_ms)
  "$KEEL" fleet apply --schema desired.sql --targets fleet.toml --yes --skip-backup --quiet \
    --parallel "$p" >fleet.out 2>fleet.err
  rc=$?
  ms=$(($(now_ms) - t0))
  status="converged"
  { [ "$rc" = 0 ] && converged; } || status="**did not converge** (exit $rc)"
  speedup=$(awk -v a="$serial_ms" -v b="$ms" 'BEGIN {printf "%.1f×", a / b}')
  log "fleet --parallel $p: $ms ms ($speedup), $status"
  RESULTS+=("| \`keel fleet apply --parallel $p\` (1 canary first) | $p | $ms | $speedup | $status |")
done

cd "$ROOT"
{
  echo "# Fleet benchmark"
  echo
  echo "Written by \`bench/fleet.sh\` on $(date -u +%Y-%m-%d) (commit $commit, $(nproc) CPUs, load"
  echo "average $(cut -d' ' -f1-3 /proc/loadavg) at the end). Do not edit by hand."
  echo
  echo "$TARGETS databases on one throwaway PostgreSQL 15 server, each a copy of the same release (two"
  echo "tables, $ROWS rows in each), brought to the same desired schema: a required column"
  echo "with a volatile default (added nullable, backfilled in batches, then NOT NULL through a"
  echo "validated check), a NOT NULL on an existing column, an index built concurrently and a new"
  echo "table with a foreign key — $steps steps per target, each target planned, preflighted,"
  echo "journaled and postflighted. Wall time of the whole fleet, from fresh copies each time; every"
  echo "run is checked to leave every target with nothing to plan."
  echo
  echo "| how | targets at once | wall ms | speed-up | result |"
  echo "|---|---:|---:|---:|---|"
  printf '%s\n' "${RESULTS[@]}"
  echo
  echo "The server and keel share the same CPUs here, so the speed-up is bounded by them; against"
  echo "databases on their own servers, --parallel N overlaps N targets' network round trips and"
  echo "server work, which is where the one-by-one loop spends its time."
} >"$OUT"
log "wrote $OUT"
