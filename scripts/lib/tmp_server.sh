# Sourced by pg_tmp.sh and mysql_tmp.sh: the free ports and short socket directories of
# throwaway servers. The sourcing script defines die().

# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A port nobody listens on now. Random so that parallel starts rarely collide; the caller
# retries when one does.
free_port() {
  local port i
  for i in $(seq 1 200); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if ! port_in_use "$port"; then
      echo "$port"
      return 0
    fi
  done
  die "no free port found on 127.0.0.1"
}

# Where the server of STATE_DIR $1 puts its Unix socket: $1 itself, or, since socket paths are
# limited to 107 bytes, for a deep $1 a short directory made once (recorded in $1/sockdir) and
# given to user $2 when we are root.
socket_dir() {
  local dir=$1 owner=$2
  if [ ${#dir} -le 80 ]; then
    echo "$dir"
    return
  fi
  if [ ! -f "$dir/sockdir" ]; then
    local s
    s=$(mktemp -d /tmp/keel-sock.XXXXXX)
    if [ "$(id -u)" -eq 0 ]; then chown "$owner" "$s"; fi
    echo "$s" >"$dir/sockdir"
  fi
  cat "$dir/sockdir"
}

# Removes STATE_DIR $1 and the short socket directory made for it.
remove_state() {
  if [ -f "$1/sockdir" ]; then rm -rf "$(cat "$1/sockdir")"; fi
  rm -rf "$1"
}
