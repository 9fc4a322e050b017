#!/usr/bin/env bash
# Installs keel's build and test dependencies from Debian packages. Idempotent: when every
# package is already present it does nothing and returns at once.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build git
  libpg-query-dev libprotobuf-c-dev libantlr4-runtime-dev antlr4 uuid-dev pkg-config
  libpqxx-dev libpq-dev libboost-graph-dev libfmt-dev librapidcheck-dev
  libgtest-dev libgmock-dev postgresql-15 postgresql-contrib
  mariadb-server libmariadb-dev
  python3-jsonschema nlohmann-json3-dev libtomlplusplus-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "bootstrap: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# --no-upgrade: never upgrade postgresql-15/libpq under a running server.
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends --no-upgrade "${missing[@]}" >/dev/null
