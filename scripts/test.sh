#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, golden, live, e2e, property,
# conformance); then the unit and golden tests once more under ASan+UBSan.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

"$ROOT/scripts/bootstrap.sh"

echo "== build"
"$ROOT/scripts/build.sh" "$ROOT/build"

echo "== tests"
# The throwaway PostgreSQL is started and stopped by the CTest fixture (pg_start/pg_stop).
(cd "$ROOT/build" && ctest --output-on-failure -j2 --timeout 1500)

if [ "${KEEL_SKIP_SANITIZE:-0}" != 1 ]; then
  echo "== unit and golden tests under ASan+UBSan"
  "$ROOT/scripts/build.sh" "$ROOT/build-asan" -DKEEL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
  (cd "$ROOT/build-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure -j2 -L 'unit|golden')
fi
echo "== all tests passed"
