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
#
# Then whole plans, on GitLab's dump and on synthetic schemas of SIZES tables (bench/gen_schema.py),
# each against a changed copy (bench/mutate_dump.py, gen_schema.py --mutate): psql -f load time,
# pg_dump --schema-only, keel diff between the two files (offline), keel plan of the changed file
# against the loaded database, keel's stages (--verbose), peak RSS, and migra (@pgkit/migra from
# npm, installed into a temporary prefix) diffing the two loaded databases. A PNG plot of time
# against size goes to docs/benchmarks.png (gnuplot).
# Environment: RUNS, DUMPS, REALWORLD (dump dir), BUILD_DIR (default build-release),
# OUT (default docs/benchmarks.md), SKIP_BUILD=1 to reuse an existing build, SIZES (default
# "1000 5000 10000"), PLAN_RUNS (default 3), MIGRA_TIMEOUT seconds (default 600), SKIP_MIGRA=1.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=${RUNS:-5}
REALWORLD=${REALWORLD:-$ROOT/../shared/realworld/postgresql}
DUMPS=${DUMPS:-"gitlab danbooru feedbin pagila openstreetmap"}
BUILD_DIR=$(realpath -m "${BUILD_DIR:-$ROOT/build-release}")
OUT=${OUT:-$ROOT/docs/benchmarks.md}
PLOT=${PLOT:-${OUT%.md}.png}
SIZES=${SIZES:-"1000 5000 10000"}
PLAN_RUNS=${PLAN_RUNS:-3}
MIGRA_TIMEOUT=${MIGRA_TIMEOUT:-600}
PGBIN=${KEEL_PGBIN:-/usr/lib/postgresql/15/bin}
# The commit measured: read before the build, so later commits during the run do not relabel it.
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
STATE=$(mktemp -d /tmp/keel-bench.XXXXXX)
WORK=$STATE/work

log() { echo "bench: $*" >&2; }
# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"

release_build keel_bench keel
BENCH=$BUILD_DIR/keel_bench
[ -x "$BENCH" ] || { log "no $BENCH"; exit 1; }
start_server

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
  psql -X -q -d "$db" -c "VACUUM ANALYZE"
  psql -X -q -c CHECKPOINT
  settle
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


# ---- whole plans: GitLab and synthetic schemas, beside pg_dump, psql and migra ----
MIGRA=""
if [ "${SKIP_MIGRA:-0}" != 1 ]; then
  if npm install --silent --no-audit --no-fund --prefix "$STATE/migra" @pgkit/migra >"$WORK/npm.log" 2>&1; then
    MIGRA=$STATE/migra/node_modules/.bin/migra
  else
    log "migra: npm install failed: $(tail -n1 "$WORK/npm.log")"
  fi
fi
# Wall milliseconds of a command, its output thrown away; "fail" when it fails.
wall_ms() {
  local t0 rc
  t0=$(now_ms)
  "$@" >/dev/null 2>&1 && rc=0 || rc=$?
  [ $rc -eq 0 ] && echo $(($(now_ms) - t0)) || echo fail
}
median_of() {  # RUNS then the command
  local n=$1 t out=()
  shift
  "$@" >/dev/null 2>&1  # warm
  for _ in $(seq "$n"); do
    t=$(wall_ms "$@")
    [ "$t" = fail ] && { echo fail; return; }
    out+=("$t")
  done
  printf '%s\n' "${out[@]}" | median
}
stage_ms() { sed -n "s/^keel: stage $1 \\([0-9.]*\\) ms.*/\\1/p" "$2" | head -n1; }
url_of() { echo "postgresql://$PGUSER@$PGHOST:$PGPORT/$1"; }

PLAN_ROWS=()
STAGE_ROWS=()
PLOT_DATA=$WORK/plot.dat
: >"$PLOT_DATA"
declare -A PLAN_MS DIFF_MS DUMP_MS MIGRA_MS RSS_MB
SETS=()
[ -f "$REALWORLD/gitlab.sql" ] && SETS+=(gitlab)
for n in $SIZES; do SETS+=("syn$n"); done
for set in "${SETS[@]}"; do
  base=$WORK/$set.sql
  changed=$WORK/$set.changed.sql
  if [ "$set" = gitlab ]; then
    cp "$REALWORLD/gitlab.sql" "$base"
    python3 "$ROOT/bench/mutate_dump.py" "$base" >"$changed" 2>"$WORK/$set.mutate"
  else
    python3 "$ROOT/bench/gen_schema.py" --tables "${set#syn}" >"$base"
    python3 "$ROOT/bench/gen_schema.py" --tables "${set#syn}" --mutate 0.05 >"$changed"
  fi
  db=plan_$set
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -c "DROP DATABASE IF EXISTS $db" \
    -c "DROP DATABASE IF EXISTS ${db}_changed" -c "CREATE DATABASE $db" \
    -c "CREATE DATABASE ${db}_changed" >/dev/null
  log "$set: loading"
  load_ms=$(wall_ms psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$base")
  changed_load=$(wall_ms psql -X -q -v ON_ERROR_STOP=1 -d "${db}_changed" -f "$changed")
  if [ "$load_ms" = fail ] || [ "$changed_load" = fail ]; then
    PLAN_ROWS+=("| $set | — | — | — | — | — | — | — | — | — | — | load failed |")
    continue
  fi
  # Production databases are vacuumed and analyzed (autovacuum): so are these, outside the
  # timings. Then the server is let settle: autovacuum workers and the checkpoint after a bulk
  # load of thousands of tables would otherwise share the CPUs with the first timings.
  psql -X -q -d "$db" -c "VACUUM ANALYZE"
  psql -X -q -d "${db}_changed" -c "VACUUM ANALYZE"
  psql -X -q -c CHECKPOINT
  settle
  tables=$(psql -X -qAt -d "$db" -c "SELECT count(*) FROM pg_class WHERE relkind IN ('r','p') AND relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)")
  lines=$(wc -l <"$base")
  dump_ms=$(median_of "$RUNS" "$PGBIN/pg_dump" --schema-only -d "$db" -f /dev/null)
  log "$set: $tables tables, loaded in $load_ms ms, pg_dump $dump_ms ms"
  (cd "$WORK" && "$BUILD_DIR/keel" diff --from "$set.sql" --to "$set.changed.sql" --verbose \
    --format text --no-color >"$WORK/$set.diff.txt" 2>"$WORK/$set.diff.stages")
  steps=$(sed -n 's/^Plan: \([0-9]*\) step.*/\1/p' "$WORK/$set.diff.txt")
  diff_ms=$(median_of "$PLAN_RUNS" "$BUILD_DIR/keel" diff --from "$base" --to "$changed" --out /dev/null)
  diff_rss=$(/usr/bin/time -f '%M' "$BUILD_DIR/keel" diff --from "$base" --to "$changed" --out /dev/null 2>&1 | tail -n1)
  "$BUILD_DIR/keel" plan --schema "$changed" --db "$(url_of "$db")" --verbose --out /dev/null \
    2>"$WORK/$set.plan.stages"
  plan_ms=$(median_of "$PLAN_RUNS" "$BUILD_DIR/keel" plan --schema "$changed" --db "$(url_of "$db")" --out /dev/null)
  plan_rss=$(/usr/bin/time -f '%M' "$BUILD_DIR/keel" plan --schema "$changed" --db "$(url_of "$db")" --out /dev/null 2>&1 | tail -n1)
  migra_ms=—
  if [ -n "$MIGRA" ]; then
    log "$set: migra (timeout ${MIGRA_TIMEOUT}s)"
    migra_ms=$(wall_ms timeout "$MIGRA_TIMEOUT" "$MIGRA" run "$(url_of "$db")" "$(url_of "${db}_changed")" --unsafe)
    [ "$migra_ms" = fail ] && migra_ms="failed or over ${MIGRA_TIMEOUT} s"
    # A migra stopped by the timeout leaves its queries running on the server.
    psql -X -qAt -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'" >/dev/null
    settle
  fi
  log "$set: keel diff $diff_ms ms, keel plan $plan_ms ms, migra $migra_ms ms"
  ratio=$(awk -v a="$plan_ms" -v b="$dump_ms" 'BEGIN {printf "%.2f×", a / b}')
  migra_ratio=—
  [[ $migra_ms =~ ^[0-9]+$ ]] && migra_ratio=$(awk -v a="$migra_ms" -v b="$plan_ms" 'BEGIN {printf "%.1f×", a / b}')
  PLAN_ROWS+=("| $set | $tables | $lines | $load_ms | $dump_ms | $diff_ms | $plan_ms | $ratio | $migra_ms | $migra_ratio | $((diff_rss / 1024)) / $((plan_rss / 1024)) | ${steps:-?} |")
  d=$WORK/$set.diff.stages
  p=$WORK/$set.plan.stages
  STAGE_ROWS+=("| $set | $(stage_ms from.parse "$d") | $(stage_ms to.parse "$d") | $(stage_ms from.normalize "$d") | $(stage_ms diff "$d") | $(stage_ms lower+order "$d") | $(stage_ms emit "$d") | $(stage_ms from.introspect "$p") | $(stage_ms to.parse "$p") | $(stage_ms align "$p") | $(stage_ms diff "$p") | $(stage_ms total "$p") |")
  PLAN_MS[$set]=$plan_ms
  DIFF_MS[$set]=$diff_ms
  DUMP_MS[$set]=$dump_ms
  MIGRA_MS[$set]=$migra_ms
  RSS_MB[$set]=$(((diff_rss > plan_rss ? diff_rss : plan_rss) / 1024))
  if [ "$set" != gitlab ]; then
    m=$migra_ms
    [[ $m =~ ^[0-9]+$ ]] || m=NaN
    echo "$tables $diff_ms $plan_ms $dump_ms $load_ms $m" >>"$PLOT_DATA"
  fi
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -c "DROP DATABASE IF EXISTS ${db}_changed" >/dev/null
done

# Targets, each as met or not, from the figures above.
TARGETS=()
verdict() { if awk "BEGIN {exit !($1)}"; then echo "met"; else echo "**not met**"; fi; }
if [ -n "${PLAN_MS[gitlab]:-}" ]; then
  TARGETS+=("| GitLab offline diff (two files) < 1 s | ${DIFF_MS[gitlab]} ms | $(verdict "${DIFF_MS[gitlab]} < 1000") |")
  TARGETS+=("| GitLab plan against the database ≤ 1.0× pg_dump --schema-only | ${PLAN_MS[gitlab]} / ${DUMP_MS[gitlab]} ms | $(verdict "${PLAN_MS[gitlab]} <= ${DUMP_MS[gitlab]}") |")
  if [[ ${MIGRA_MS[gitlab]} =~ ^[0-9]+$ ]]; then
    TARGETS+=("| GitLab: ≥ 20× faster than migra on the same pair | migra ${MIGRA_MS[gitlab]} ms / keel ${PLAN_MS[gitlab]} ms | $(verdict "${MIGRA_MS[gitlab]} >= 20 * ${PLAN_MS[gitlab]}") |")
  else
    TARGETS+=("| GitLab: ≥ 20× faster than migra on the same pair | migra: ${MIGRA_MS[gitlab]:-not run} | $( [[ ${MIGRA_MS[gitlab]:-} == failed* ]] && echo "met (migra did not finish)" || echo "not measured") |")
  fi
fi
first=syn$(echo "$SIZES" | awk '{print $1}')
last=syn$(echo "$SIZES" | awk '{print $NF}')
if [ -n "${PLAN_MS[$first]:-}" ] && [ -n "${PLAN_MS[$last]:-}" ] && [ "$first" != "$last" ]; then
  growth=$(awk -v a="${PLAN_MS[$last]}" -v b="${PLAN_MS[$first]}" 'BEGIN {printf "%.1f", a / b}')
  TARGETS+=("| plan time at ${last#syn} tables ≤ 12× the time at ${first#syn} | ${growth}× | $(verdict "$growth <= 12") |")
  TARGETS+=("| peak RSS at ${last#syn} tables < 1 GB | ${RSS_MB[$last]} MB | $(verdict "${RSS_MB[$last]} < 1024") |")
fi

if command -v gnuplot >/dev/null && [ -s "$PLOT_DATA" ]; then
  gnuplot <<GP 2>"$WORK/gnuplot.err" || log "gnuplot failed: $(head -n1 "$WORK/gnuplot.err")"
set terminal pngcairo size 900,540 font "DejaVu Sans,11" noenhanced
set output "$PLOT"
set title "Time against schema size (synthetic schemas, 5% changed)"
set xlabel "tables"
set ylabel "milliseconds"
set logscale xy
set key top left
set grid
plot "$PLOT_DATA" using 1:2 with linespoints lw 2 title "keel diff, two files (offline)", \
     "" using 1:3 with linespoints lw 2 title "keel plan, file against database", \
     "" using 1:4 with linespoints lw 2 title "pg_dump --schema-only", \
     "" using 1:5 with linespoints lw 2 title "psql -f (load)", \
     "" using 1:6 with linespoints lw 2 title "migra, database against database"
GP
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
cores=$(grep -c '^processor' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
pgver=$(psql -X -qAt -c 'SHOW server_version')

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
  echo "## Whole plans"
  echo
  echo "Each schema against a changed copy of itself (GitLab: bench/mutate_dump.py; synthetic:"
  echo "bench/gen_schema.py --mutate 0.05). Milliseconds, median of $PLAN_RUNS runs ($RUNS for pg_dump)."
  echo
  echo "| schema | tables | lines | psql -f load | pg_dump --schema-only | keel diff (two files) | keel plan (file → database) | plan / pg_dump | migra (database → database) | migra / keel plan | peak RSS MB (diff / plan) | steps |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"
  printf '%s\n' "${PLAN_ROWS[@]}"
  echo
  echo "| target | measured | |"
  echo "|---|---|---|"
  printf '%s\n' "${TARGETS[@]}"
  echo
  echo "![time against size]($(basename "$PLOT"))"
  echo
  echo "Where keel's time goes (\`--verbose\` stages, ms; one run): the offline diff, then the plan against the database"
  echo "(the two sides load in parallel, so stages overlap and do not add up to the total)."
  echo
  echo "| schema | parse from | parse to | normalize | diff | lower+order | emit | plan: introspect | plan: parse file | plan: align | plan: diff | plan: total |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${STAGE_ROWS[@]}"
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
