#!/usr/bin/env bash
# A throwaway MariaDB server for tests, demos and benchmarks.
#
#   mysql_tmp.sh start [STATE_DIR]   mariadb-install-db + mariadbd on a free loopback port;
#                                    prints `export ...` lines (also in STATE_DIR/env) and
#                                    writes STATE_DIR/url (mysql://root@127.0.0.1:PORT/),
#                                    STATE_DIR/socket and STATE_DIR/pid. Idempotent.
#   mysql_tmp.sh stop STATE_DIR      stops that server only and removes STATE_DIR.
#
# Works as root (the server runs as the mysql user) and without a terminal. root has no
# password and may connect over TCP.
set -euo pipefail

die() {
  echo "mysql_tmp: $*" >&2
  exit 1
}

usage() { die "usage: $0 start|stop [STATE_DIR]"; }

MARIADBD=${KEEL_MARIADBD:-$(command -v mariadbd || echo /usr/sbin/mariadbd)}
for tool in "$MARIADBD" mariadb-install-db mariadb-admin; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/bootstrap.sh installs mariadb-server)"
done

# shellcheck source=lib/tmp_server.sh
. "$(dirname "$0")/lib/tmp_server.sh"

# The server's socket: in STATE_DIR, or in a short directory when that path is too long.
socket_path() {
  echo "$(socket_dir "$1" mysql)/mysqld.sock"
}

# The pid of DIR's server when that process is alive and is a mariadbd, or nothing.
server_pid() {
  local pid
  pid=$(cat "$1/data/mysqld.pid" 2>/dev/null) || return 0
  [ -n "$pid" ] && [ -d "/proc/$pid" ] && grep -q mariadbd "/proc/$pid/comm" 2>/dev/null &&
    echo "$pid"
  return 0
}

ping_socket() {
  mariadb-admin --no-defaults --socket="$1" -uroot --connect-timeout=2 ping >/dev/null 2>&1
}

ping_tcp() {
  mariadb-admin --no-defaults --protocol=TCP -h127.0.0.1 -P"$1" -uroot --connect-timeout=2 \
    ping >/dev/null 2>&1
}

# True when DIR's server is alive and answers on its recorded port.
is_running() {
  local dir=$1 port
  [ -n "$(server_pid "$dir")" ] || return 1
  port=$(cat "$dir/port" 2>/dev/null) || return 1
  ping_tcp "$port"
}

print_env() {
  cat "$1/env"
}

write_state() {
  local dir=$1 port=$2 sock=$3 pid=$4
  echo "$port" >"$dir/port"
  echo "$sock" >"$dir/socket"
  echo "$pid" >"$dir/pid"
  echo "mysql://root@127.0.0.1:$port/" >"$dir/url.tmp"
  mv "$dir/url.tmp" "$dir/url"
  cat >"$dir/env.tmp" <<EOF
export KEEL_MYSQL_URL=mysql://root@127.0.0.1:$port/
export MYSQL_HOST=127.0.0.1
export MYSQL_TCP_PORT=$port
export MYSQL_UNIX_PORT=$sock
EOF
  mv "$dir/env.tmp" "$dir/env"
}

# Stops DIR's server: a clean shutdown through its socket, else SIGTERM then SIGKILL to the
# pid of its own pid file (never any other mariadbd).
kill_server() {
  local dir=$1 sock=$2 pid i
  pid=$(server_pid "$dir")
  [ -n "$pid" ] || return 0
  mariadb-admin --no-defaults --socket="$sock" -uroot --connect-timeout=5 shutdown \
    >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do
    [ -d "/proc/$pid" ] || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  sleep 0.2
}

start() {
  local dir=${1:-}
  if [ -z "$dir" ]; then
    dir=$(mktemp -d /tmp/keel-mysql.XXXXXX)
    echo "# STATE_DIR=$dir"
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  cd /

  if is_running "$dir" && [ -f "$dir/env" ]; then
    print_env "$dir"
    return 0
  fi

  local user_args=()
  if [ "$(id -u)" -eq 0 ]; then
    chown mysql "$dir"
    runuser -u mysql -- test -w "$dir" ||
      die "user mysql cannot write $dir (is a parent directory closed to it?)"
    user_args=(--user=mysql)
  fi

  local sock
  sock=$(socket_path "$dir")
  # A half-dead server (alive, not answering) would hold the data dir: stop it first.
  kill_server "$dir" "$sock"

  if [ ! -d "$dir/data/mysql" ]; then
    rm -rf "$dir/data"
    # --no-defaults must come first; normal root authentication lets root in over TCP.
    mariadb-install-db --no-defaults "${user_args[@]}" --datadir="$dir/data" \
      --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
      >"$dir/install.log" 2>&1 </dev/null ||
      die "mariadb-install-db failed: $(tail -n 5 "$dir/install.log")"
  fi

  local port attempt pid i
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    rm -f "$sock" "$dir/data/mysqld.pid"
    # Debian's packaged defaults (utf8mb4) without reading its config files; durability off,
    # small buffers: a test server on a shared 2-core machine.
    # setsid: the server leaves the process group of whoever started us (ctest, a shell).
    setsid "$MARIADBD" --no-defaults "${user_args[@]}" --datadir="$dir/data" --socket="$sock" \
      --port="$port" --bind-address=127.0.0.1 --pid-file="$dir/data/mysqld.pid" \
      --log-error="$dir/log" --skip-name-resolve --character-set-server=utf8mb4 \
      --collation-server=utf8mb4_general_ci --innodb-buffer-pool-size=64M \
      --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
      --sync-frm=0 --max-connections=200 --performance-schema=OFF </dev/null >/dev/null 2>&1 &
    pid=$!
    for i in $(seq 1 600); do
      [ -d "/proc/$pid" ] || break
      if ping_socket "$sock" && ping_tcp "$port"; then
        write_state "$dir" "$port" "$sock" "$pid"
        print_env "$dir"
        return 0
      fi
      sleep 0.1
    done
    # Lost a race for the port (or another failure): try again with a new port.
    if [ -d "/proc/$pid" ]; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
    echo "mysql_tmp: start on port $port failed (attempt $attempt), retrying" >&2
  done
  die "could not start MariaDB: $(tail -n 5 "$dir/log" 2>/dev/null)"
}

stop() {
  local dir=${1:-}
  [ -n "$dir" ] || usage
  [ -d "$dir" ] || return 0
  dir=$(cd "$dir" && pwd -P)
  cd /
  kill_server "$dir" "$(socket_path "$dir")"
  if [ -n "$(server_pid "$dir")" ]; then
    die "the server of $dir does not stop"
  fi
  remove_state "$dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) usage ;;
esac
