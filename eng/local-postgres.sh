#!/usr/bin/env bash
# A PostgreSQL cluster for local runs, kept in this clone's state directory (eng/state-dir.sh:
# .data/ in the clone, or as root /var/lib/layers/<clone>-<hash>, which the postgres user can reach).
#   eng/local-postgres.sh start   # install server binaries if needed (apt, root), initdb once, start;
#                                 # prints the connection string on stdout
#   eng/local-postgres.sh stop | wipe | status
#   eng/local-postgres.sh datadir # prints the cluster's data directory
# Env: LAYERS_PG_PORT (default 5433). Loopback only, trust auth: a developer's throwaway database.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$(bash "$ROOT/eng/state-dir.sh")"
DATA="$STATE/postgres"
LOG="$STATE/postgres-log/postgres.log"
PORT="${LAYERS_PG_PORT:-5433}"
DB=layers
DB_USER=layers

log() { printf '[local-postgres] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

find_bin_dir() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"; return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

ensure_binaries() {
  BIN="$(find_bin_dir || true)"
  [ -n "$BIN" ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing PostgreSQL server binaries with apt"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
    BIN="$(find_bin_dir || true)"
  fi
  [ -n "$BIN" ] || die "PostgreSQL server binaries (initdb, pg_ctl) not found: install PostgreSQL 15 or newer, or set ConnectionStrings__Layers"
}

# PostgreSQL refuses to run as root; as root the cluster belongs to the 'postgres' system user,
# run from / since the caller's directory (the clone) may be out of its reach.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
    chown -R postgres: "$DATA" "$(dirname "$LOG")"
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

running() { [ -n "${BIN:-}" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

start() {
  ensure_binaries
  # The state directory and its parents are the project's: readable, so that postgres reaches its own.
  mkdir -p -m 755 "$STATE"
  mkdir -p -m 700 "$DATA" "$(dirname "$LOG")"
  if [ ! -s "$DATA/PG_VERSION" ]; then
    log "creating a cluster in $DATA"
    as_owner "$BIN/initdb" -D "$DATA" --username="$DB_USER" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! running; then
    log "starting PostgreSQL on 127.0.0.1:$PORT"
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=''" start >/dev/null \
      || { tail -n 20 "$LOG" >&2; die "PostgreSQL did not start"; }
  fi
  if ! as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$DB_USER" "$DB"
  fi
  echo "Host=127.0.0.1;Port=$PORT;Username=$DB_USER;Database=$DB"
}

stop() {
  BIN="$(find_bin_dir || true)"
  if [ -s "$DATA/PG_VERSION" ] && running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    log "stopped"
  else
    log "not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  wipe) stop; rm -rf "$DATA" "$(dirname "$LOG")"; log "wiped $DATA" ;;
  datadir) echo "$DATA" ;;
  status) BIN="$(find_bin_dir || true)"; if running; then log "running on 127.0.0.1:$PORT"; else log "not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|wipe|status|datadir" >&2; exit 2 ;;
esac
