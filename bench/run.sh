#!/usr/bin/env bash
# keel's benchmarks beside pg_dump; results in docs/benchmarks.md. Not run by CI.
#
#   bench/run.sh                  all dumps, 5 runs each, writes docs/benchmarks.md
#   RUNS=3 DUMPS="danbooru feedbin" bench/run.sh
#
# For every dump of ../shared/realworld/postgresql that loads on plain PostgreSQL 15: load it into
# a fresh database of a throwaway server, then time, in the same run,
#   - pg_dump --schema-only of that database (median of RUNS, process start included),
#   - keel_bench parse of the dump file (parse + normalize),
#   - keel_bench introspect of the database (connect + introspect + normalize).
# A dump that fails to load, parse or introspect becomes a row with the error; the others go on.
# Environment: RUNS, DUMPS, REALWORLD (dump dir), BUILD_DIR (default build-release),
# OUT (default docs/benchmarks.md), SKIP_BUILD=1 to reuse an existing build.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=${RUNS:-5}
REALWORLD=${REALWORLD:-$ROOT/../shared/realworld/postgresql}
DUMPS=${DUMPS:-"gitlab danbooru feedbin pagila openstreetmap"}
BUILD_DIR=${BUILD_DIR:-$ROOT/build-release}
OUT=${OUT:-$ROOT/docs/benchmarks.md}
PGBIN=${KEEL_PGBIN:-/usr/lib/postgresql/15/bin}
STATE=$(mktemp -d /tmp/keel-bench.XXXXXX)
chmod 755 "$STATE"  # pg_tmp.sh runs the server as postgres when we are root
WORK=$STATE/work

log() { echo "bench: $*" >&2; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "Release build in $BUILD_DIR"
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null || exit 1
  cmake --build "$BUILD_DIR" -j2 --target keel_bench keel || exit 1
fi
BENCH=$BUILD_DIR/keel_bench
[ -x "$BENCH" ] || { log "no $BENCH"; exit 1; }

cleanup() { "$ROOT/scripts/pg_tmp.sh" stop "$STATE/pg" >/dev/null 2>&1 || true; rm -rf "$STATE"; }
trap cleanup EXIT INT TERM
mkdir -p "$WORK"
"$ROOT/scripts/pg_tmp.sh" start "$STATE/pg" >/dev/null || { log "cannot start PostgreSQL"; exit 1; }
# shellcheck disable=SC1091
. "$STATE/pg/env"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
field() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" <<<" $2"; }
errfield() { sed -n 's/.* error="\(\([^"\\]\|\\.\)*\)".*/\1/p' <<<"$1" | sed 's/\\\(.\)/\1/g; s/|/\\|/g'; }
has_extension() { [ -n "$(psql -X -qAt -c "SELECT 1 FROM pg_available_extensions WHERE name = '$1'")" ]; }
first_error() { grep -m1 -i 'error' "$1" | sed 's/|/\\|/g' | cut -c1-160; }

ROWS=()
NOTES=()
for name in $DUMPS; do
  file=$REALWORLD/$name.sql
  [ -f "$file" ] || { log "$name: no $file, skipped"; continue; }
  lines=$(wc -l <"$file")
  db=bench_$name
  if grep -q 'CREATE EXTENSION.* postgis' "$file" && ! has_extension postgis; then
    log "$name: needs PostGIS, which this server lacks: skipped"
    ROWS+=("| $name | $lines | — | — | — | — | — | skipped: needs PostGIS |")
    continue
  fi
  log "$name: loading ($lines lines)"
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -c "DROP DATABASE IF EXISTS $db" \
    -c "CREATE DATABASE $db" >/dev/null
  t0=$(now_ms)
  if ! psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$file" >"$WORK/$name.load" 2>&1; then
    msg=$(first_error "$WORK/$name.load")
    log "$name: load failed: $msg"
    ROWS+=("| $name | $lines | — | — | — | — | — | load failed: $msg |")
    continue
  fi
  log "$name: loaded in $(($(now_ms) - t0)) ms"
  conninfo="host=$PGHOST port=$PGPORT user=$PGUSER dbname=$db"

  # pg_dump --schema-only, process start and connection included (as a user runs it).
  "$PGBIN/pg_dump" --schema-only -d "$db" -f /dev/null  # warm the caches once
  times=()
  for _ in $(seq "$RUNS"); do
    t0=$(now_ms)
    "$PGBIN/pg_dump" --schema-only -d "$db" -f /dev/null
    times+=($(($(now_ms) - t0)))
  done
  pgdump_ms=$(printf '%s\n' "${times[@]}" | median)
  pgdump_rss=$(/usr/bin/time -f '%M' "$PGBIN/pg_dump" --schema-only -d "$db" -f /dev/null 2>&1 | tail -n1)

  # From the dump directory, so messages name the file as <dump>.sql:line:col.
  parse=$(cd "$REALWORLD" && "$BENCH" parse --runs "$RUNS" "$name.sql" 2>"$WORK/$name.parse.err")
  "$BENCH" introspect --runs 1 "$conninfo" >/dev/null 2>&1  # warm
  intro=$("$BENCH" introspect --runs "$RUNS" "$conninfo" 2>"$WORK/$name.intro.err")
  phases=$(grep -m1 "^phases" "$WORK/$name.intro.err")
  log "$name: pg_dump ${pgdump_ms} ms; $parse; $intro"

  parse_ms=—
  intro_ms=—
  ratio=—
  notes=()
  if [ "$(field status "$parse")" = ok ]; then
    parse_ms=$(field median_ms "$parse")
  else
    notes+=("parse failed: $(errfield "$parse")")
  fi
  if [ "$(field status "$intro")" = ok ]; then
    intro_ms=$(field median_ms "$intro")
    ratio=$(awk -v a="$intro_ms" -v b="$pgdump_ms" 'BEGIN {printf "%.2f×", a / b}')
  else
    notes+=("introspect failed: $(errfield "$intro")")
  fi
  # The round trip the catalog issue asks for: the dump against the database loaded from it.
  rt=0
  "$BUILD_DIR/keel" plan --schema "$file" --db "$conninfo" --exit-code --quiet --format sql \
    >"$WORK/$name.plan" 2>&1 || rt=$?
  case $rt in
    0) notes+=("round trip: no changes") ;;
    10) notes+=("round trip: $(grep -c '^-- step' "$WORK/$name.plan") changes") ;;
    *) notes+=("round trip failed: $(head -n1 "$WORK/$name.plan")") ;;
  esac
  rss="$(($(field peak_rss_kb "$parse") / 1024)) / $(($(field peak_rss_kb "$intro") / 1024)) / $((pgdump_rss / 1024))"
  note=$(IFS=';'; echo "${notes[*]:-ok}")
  ROWS+=("| $name | $lines | $pgdump_ms | $parse_ms | $intro_ms | $ratio | $rss | ${note//;/; } |")
  NOTES+=("$name: pg_dump runs ms: ${times[*]}")
  NOTES+=("$name: keel parse: ${parse:-no output}")
  NOTES+=("$name: keel introspect: ${intro:-no output}")
  [ -n "$phases" ] && NOTES+=("$name: keel introspect $phases")
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
cores=$(grep -c '^processor' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
pgver=$(psql -X -qAt -c 'SHOW server_version')
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "# Benchmarks"
  echo
  echo "Generated by \`bench/run.sh\` (do not edit by hand; rerun it). keel's front ends beside"
  echo "\`pg_dump --schema-only\` of the same database, measured in the same run."
  echo "How much keel's plans stall a live write workload is measured separately, by"
  echo "\`bench/online/run.sh\`: [online-safety.md](online-safety.md)."
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $cpu, $cores logical CPUs, $mem RAM, $(uname -sr)"
  echo "- load average at the end of the run: $(cut -d' ' -f1-3 /proc/loadavg) (the machine may be shared)"
  echo "- PostgreSQL $pgver (throwaway server of scripts/pg_tmp.sh, default settings), keel $commit, Release build"
  echo "- $RUNS runs per measurement after one warm-up run; the median is reported"
  echo
  echo "| dump | lines | pg_dump ms | keel parse ms | keel introspect ms | introspect / pg_dump | peak RSS MB (parse / introspect / pg_dump) | status |"
  echo "|---|---:|---:|---:|---:|---:|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Target: keel's introspect + normalize ≤ 1.0× pg_dump's time."
  echo
  echo "What is timed:"
  echo
  echo "- **pg_dump ms**: wall time of \`pg_dump --schema-only -d DB -f /dev/null\`, process start and"
  echo "  connection included."
  echo "- **keel parse ms**: \`keel_bench parse FILE\`: libpg_query parse of the dump, transformation"
  echo "  into the catalog and \`Normalize()\`; the file is read once before timing."
  echo "- **keel introspect ms**: \`keel_bench introspect CONNINFO\`: connect, the bulk catalog queries,"
  echo "  catalog building (including parsing every server-printed expression) and \`Normalize()\`."
  echo "- **peak RSS**: \`getrusage\` ru_maxrss of the keel_bench process over all its runs; pg_dump's"
  echo "  from \`/usr/bin/time -f %M\`."
  echo
  echo "Raw keel_bench lines:"
  echo
  echo '```'
  printf '%s\n' "${NOTES[@]}"
  echo '```'
  # Hand-written analysis of the latest run (where the time goes, failures), kept beside the script.
  if [ -f "$ROOT/bench/findings.md" ]; then
    echo
    cat "$ROOT/bench/findings.md"
  fi
} >"$OUT"
log "wrote $OUT"
