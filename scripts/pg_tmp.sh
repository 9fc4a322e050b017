#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, demos and benchmarks.
#
#   pg_tmp.sh start [STATE_DIR]   initdb + start on a free loopback port; prints `export PG...`
#                                 lines (also written to STATE_DIR/env). Idempotent.
#   pg_tmp.sh stop STATE_DIR      stops that server only and removes STATE_DIR.
#
# Works as root (drops to the postgres user; initdb refuses root) and without a terminal.
set -euo pipefail

PGBIN=${KEEL_PGBIN:-/usr/lib/postgresql/15/bin}

die() {
  echo "pg_tmp: $*" >&2
  exit 1
}

usage() { die "usage: $0 start|stop [STATE_DIR]"; }

# Runs a command as the cluster owner: postgres when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# shellcheck source=lib/tmp_server.sh
. "$(dirname "$0")/lib/tmp_server.sh"

# The port recorded in DIR/env, or nothing.
env_port() {
  sed -n 's/.*PGPORT=\([0-9]*\).*/\1/p' "$1/env" 2>/dev/null | head -n 1
}

# True when the postmaster of DIR/data is alive and accepts connections on the recorded port
# (a pid file alone can outlive its server, e.g. after kill -9).
is_running() {
  local dir=$1 port
  [ -f "$dir/data/postmaster.pid" ] || return 1
  as_owner "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 || return 1
  port=$(env_port "$dir")
  [ -n "$port" ] && "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 5
}

# True when a postmaster process of DIR/data still exists, whether or not it serves.
has_postmaster() {
  [ -f "$1/data/postmaster.pid" ] &&
    as_owner "$PGBIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

print_env() {
  cat "$1/env"
}

write_env() {
  local dir=$1 port=$2
  cat >"$dir/env.tmp" <<EOF
export PGHOST=127.0.0.1
export PGPORT=$port
export PGUSER=postgres
export PGDATABASE=postgres
EOF
  mv "$dir/env.tmp" "$dir/env"
}

start() {
  local dir=${1:-}
  if [ -z "$dir" ]; then
    dir=$(mktemp -d /tmp/keel-pg.XXXXXX)
    echo "# STATE_DIR=$dir"
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  cd /  # initdb must be able to enter the cwd

  if is_running "$dir" && [ -f "$dir/env" ]; then
    print_env "$dir"
    return 0
  fi

  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "user postgres cannot write $dir (is a parent directory closed to it?)"
  fi

  if [ ! -f "$dir/data/PG_VERSION" ]; then
    rm -rf "$dir/data"
    as_owner "$PGBIN/initdb" -D "$dir/data" -A trust -U postgres --no-sync \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
  fi
  # A half-dead server (pid file, but not serving) would block the start: stop it first.
  if has_postmaster "$dir"; then
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop </dev/null \
      >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/data/postmaster.pid" ] && ! has_postmaster "$dir"; then
    rm -f "$dir/data/postmaster.pid"
  fi

  local sock port attempt
  sock=$(socket_dir "$dir" postgres)
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
      -o "-p $port -k $sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
      start </dev/null >"$dir/pg_ctl.log" 2>&1; then
      write_env "$dir" "$port"
      print_env "$dir"
      return 0
    fi
    # Lost a race for the port (or another failure): try again with a new port.
    if has_postmaster "$dir"; then
      as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop </dev/null >/dev/null 2>&1 ||
        true
    fi
    echo "pg_tmp: start on port $port failed (attempt $attempt), retrying" >&2
  done
  die "could not start PostgreSQL: $(tail -n 5 "$dir/log" 2>/dev/null)"
}

stop() {
  local dir=${1:-}
  [ -n "$dir" ] || usage
  [ -d "$dir" ] || return 0
  dir=$(cd "$dir" && pwd -P)
  cd /
  if has_postmaster "$dir"; then
    if ! as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop </dev/null \
      >/dev/null 2>&1; then
      # Only a server that still answers is worth failing for; a dead one's files can go.
      if is_running "$dir"; then
        die "pg_ctl stop failed for $dir/data"
      fi
      echo "pg_tmp: server of $dir was not answering; removing its files" >&2
    fi
  fi
  remove_state "$dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) usage ;;
esac
