# Shared by the bench scripts (sourced): the Release build, the throwaway server and timing.
# Expects ROOT, BUILD_DIR and STATE to be set and log() to be defined.

# Builds the given targets in Release unless SKIP_BUILD=1.
release_build() {
  [ "${SKIP_BUILD:-0}" = 1 ] && return 0
  log "Release build in $BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null || exit 1
  cmake --build "$BUILD_DIR" -j2 --target "$@" || exit 1
}

# Starts a throwaway server in $STATE/pg (stopped, and $STATE removed, on exit) and exports its
# PG* variables; creates $STATE/work.
start_server() {
  chmod 755 "$STATE"  # pg_tmp.sh runs the server as postgres when we are root
  trap 'cleanup_server' EXIT
  trap 'exit 130' INT TERM  # through the EXIT trap, and no further
  mkdir -p "$STATE/work"
  "$ROOT/scripts/pg_tmp.sh" start "$STATE/pg" >/dev/null || { log "cannot start PostgreSQL"; exit 1; }
  # shellcheck disable=SC1091
  . "$STATE/pg/env"
}
cleanup_server() {
  "$ROOT/scripts/pg_tmp.sh" stop "$STATE/pg" >/dev/null 2>&1 || true
  rm -rf "$STATE"
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Waits (up to 2 min) until no autovacuum worker and no other backend is busy on the server.
settle() {
  local i busy
  for i in $(seq 1 240); do
    busy=$(psql -X -qAt -c "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND (backend_type = 'autovacuum worker' OR (backend_type = 'client backend' AND state <> 'idle'))")
    [ "$busy" = 0 ] && return
    sleep 0.5
  done
}
