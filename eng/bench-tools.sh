#!/usr/bin/env bash
# The load tools ./build.sh bench drives, found or installed, printed as `export K=V` lines on
# stdout for the benchmark runner (logs go to stderr):   eval "$(eng/bench-tools.sh)"
#   LAYERS_BENCH_WRK       wrk, from PATH
#   LAYERS_BENCH_PGBENCH   pgbench, from PATH or the PostgreSQL binaries eng/local-postgres.sh uses
# Missing tools are installed with apt when run as root on Debian; elsewhere the script stops and
# names what is missing.
set -euo pipefail

log() { printf '[bench-tools] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

find_wrk() { command -v wrk || true; }

find_pgbench() {
  if command -v pgbench >/dev/null 2>&1; then command -v pgbench; return; fi
  ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1 || true
}

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

apt_install() {
  log "installing $* with apt"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

wrk="$(find_wrk)"
pgbench="$(find_pgbench)"
missing=()
[ -n "$wrk" ] || missing+=(wrk)
# Debian ships pgbench with the server binaries (postgresql-contrib pulls them in).
[ -n "$pgbench" ] || missing+=(postgresql-contrib)
if [ "${#missing[@]}" -gt 0 ] && can_apt; then
  apt_install "${missing[@]}"
  wrk="$(find_wrk)"
  pgbench="$(find_pgbench)"
fi
[ -n "$wrk" ] || die "wrk not found: install it (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk) and run again"
[ -n "$pgbench" ] || die "pgbench not found: install the PostgreSQL tools (Debian: postgresql-contrib; macOS: brew install postgresql) and run again"

echo "export LAYERS_BENCH_WRK=$wrk"
echo "export LAYERS_BENCH_PGBENCH=$pgbench"
