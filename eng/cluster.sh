#!/usr/bin/env bash
# Several API instances behind nginx, with Redis beside them, for ./build.sh cluster:
#   eng/cluster.sh --api <Layers.Api.dll> [--instances N]
# ConnectionStrings__Layers must name a migrated database (the Cluster target starts the local one);
# the instances get the rest of this script's environment too.
# Env: LAYERS_CLUSTER_PORT      nginx's port (default 5080)
#      LAYERS_CLUSTER_INSTANCE_PORTS  the instances' own ports, space-separated (default: nginx's port + 1, + 2, ...)
#      LAYERS_REDIS_PORT        Redis's port (default 6380)
#      LAYERS_CLUSTER_DIR       sockets, state and logs (default: cluster/ in eng/state-dir.sh's directory,
#                               where nginx's workers can reach the sockets whatever the clone's permissions)
#
# Handing traffic over when an instance stops. nginx-light checks its instances only passively: it
# learns that one is gone from a failed connection, which for a write that reached it comes too
# late to retry. So nginx does not connect to the instances directly: each of its upstream servers
# is a slot, a unix socket path (upstreams/slot-<i>.sock) that this script points, as a symbolic
# link, at the socket of a ready instance (sockets/api-<i>.sock, where instance i also listens
# besides its own port). Twice a second it reads every instance's /readyz; the slot of an instance
# that is not ready is pointed at a ready one, and back once it is ready again. A swap is atomic
# and only changes where nginx's next new connections go, so nginx needs no reload, which would
# close its clients' idle connections. An instance sent SIGTERM turns /readyz to 503 at once and
# serves on for its drain delay (5 s) with Connection: close, while nginx closes its connections to
# it one by one; by the end of the delay none is left, and its stop cuts no request. When no
# instance is ready (the database is down, say), every slot stays on its own instance, so that
# clients get the instances' own 503s.
#
# An instance that exits is started again: `kill -TERM <pid>` is a graceful restart. One that
# fails (exit code other than 0) within 10 s of its start stops the cluster instead. Ctrl-C or
# SIGTERM stops nginx, the instances (each within its shutdown timeout) and Redis.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${LAYERS_CLUSTER_DIR:-$(bash "$ROOT/eng/state-dir.sh")/cluster}"
LOGS="$DATA/logs"
FRONT_PORT="${LAYERS_CLUSTER_PORT:-5080}"
REDIS_PORT="${LAYERS_REDIS_PORT:-6380}"
STOP_TIMEOUT=40 # above the API's shutdown timeout (Shutdown__Timeout, 30 s)
MIN_UPTIME=10
POLL_SECONDS=0.5

log() { printf '[cluster] %(%H:%M:%S)T %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

api="" instances=2
while [ "$#" -gt 0 ]; do
  case "$1" in
    --api) api="$2"; shift 2 ;;
    --instances) instances="$2"; shift 2 ;;
    *) echo "usage: $0 --api <Layers.Api.dll> [--instances N]" >&2; exit 2 ;;
  esac
done
[ -f "$api" ] || die "--api: no such file '$api'"
[[ "$instances" =~ ^[1-9][0-9]?$ ]] || die "--instances must be a whole number from 1 to 99, not '$instances'"
[ -n "${ConnectionStrings__Layers:-}" ] || die "ConnectionStrings__Layers is not set"

declare -a ports
if [ -n "${LAYERS_CLUSTER_INSTANCE_PORTS:-}" ]; then
  read -r -a given <<<"$LAYERS_CLUSTER_INSTANCE_PORTS"
  [ "${#given[@]}" = "$instances" ] || die "LAYERS_CLUSTER_INSTANCE_PORTS names ${#given[@]} ports for $instances instances"
  for ((i = 1; i <= instances; i++)); do ports[i]="${given[i - 1]}"; done
else
  for ((i = 1; i <= instances; i++)); do ports[i]=$((FRONT_PORT + i)); done
fi

eval "$(bash "$ROOT/eng/cluster-tools.sh" nginx redis)"

SOCKETS="$DATA/sockets" SLOTS="$DATA/upstreams"
mkdir -p "$LOGS" "$DATA/nginx" "$DATA/redis" "$SOCKETS" "$SLOTS"
# nginx's workers run as an unprivileged user when started as root: they must reach the sockets.
chmod 755 "$DATA" "$SOCKETS" "$SLOTS"

redis_pid="" nginx_pid=""
declare -a api_pids api_started slot_targets is_ready

stop_all() {
  trap - INT TERM
  log "stopping"
  local pid
  # All at once: when the whole cluster stops there is nowhere to hand traffic over to.
  for pid in "$nginx_pid" "${api_pids[@]}" "$redis_pid"; do
    [ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null || true
  done
  local deadline=$((SECONDS + STOP_TIMEOUT))
  for pid in "$nginx_pid" "${api_pids[@]}" "$redis_pid"; do
    [ -n "$pid" ] || continue
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      log "process $pid did not stop within ${STOP_TIMEOUT} s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  log "stopped; logs in $LOGS (PostgreSQL keeps running: ./build.sh stop-db stops it)"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# True once a GET of <path> on 127.0.0.1:<port> answers 200; bash's /dev/tcp, no client needed.
http_ok() {
  local port="$1" path="$2" status=""
  { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
  IFS= read -r -t 2 status <&3 || true
  exec 3<&- 3>&-
  [[ "$status" == "HTTP/1.1 200"* ]]
}

redis_ok() {
  local reply=""
  { exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT"; } 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  IFS= read -r -t 2 reply <&3 || true
  exec 3<&- 3>&-
  [[ "$reply" == "+PONG"* ]]
}

wait_for() {
  local what="$1" pid="$2"
  shift 2
  local deadline=$((SECONDS + 60))
  until "$@"; do
    kill -0 "$pid" 2>/dev/null || die "$what exited at start-up; see $LOGS"
    [ "$SECONDS" -lt "$deadline" ] || die "$what was not ready within 60 s; see $LOGS"
    sleep 0.3
  done
}

# Redis and nginx run in sessions of their own, out of reach of the terminal's Ctrl-C, which they
# would answer by exiting at once: this script stops them. (The instances, started in
# the background of a script, ignore Ctrl-C already.)
# Nothing persisted: the limits' counters are all Redis holds, worth nothing after a stop.
setsid "$LAYERS_REDIS_SERVER" --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DATA/redis" \
  --save "" --appendonly no --daemonize no >>"$LOGS/redis.log" 2>&1 &
redis_pid=$!
echo "$redis_pid" >"$DATA/redis.pid"
wait_for "Redis" "$redis_pid" redis_ok

start_instance() {
  local i="$1"
  # Left behind if the previous process was killed: Kestrel would not bind over it.
  rm -f "$SOCKETS/api-$i.sock"
  ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" \
  ForwardedHeaders__KnownProxies__0=127.0.0.1 \
  ForwardedHeaders__TrustUnixSockets=true \
  ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
  Logging__Console__FormatterOptions__TimestampFormat="HH:mm:ss.fff " \
    dotnet "$api" --urls "http://127.0.0.1:${ports[i]};http://unix:$SOCKETS/api-$i.sock" >>"$LOGS/api-$i.log" 2>&1 &
  api_pids[i]=$!
  api_started[i]=$SECONDS
  echo "${api_pids[i]}" >"$DATA/api-$i.pid"
}

# Kestrel creates its socket for its own user only; nginx's workers connect as another.
open_socket() { chmod 666 "$SOCKETS/api-$1.sock"; }

# Atomically: a new link renamed over the old one.
point_slot() {
  local slot="$1" instance="$2"
  ln -sfn "$SOCKETS/api-$instance.sock" "$SLOTS/.slot-$slot.new"
  mv -Tf "$SLOTS/.slot-$slot.new" "$SLOTS/slot-$slot.sock"
  slot_targets[slot]="$instance"
}

# The answer of instance <i>'s /readyz, in $status: the status code; "refused" when nothing
# listens; empty when no answer came within 1 s (a busy machine), which decides nothing.
readiness() {
  local line=""
  status=""
  { exec 3<>"/dev/tcp/127.0.0.1/${ports[$1]}"; } 2>/dev/null || { status=refused; return; }
  printf 'GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
  IFS= read -r -t 1 line <&3 || true
  exec 3<&- 3>&-
  if [[ "$line" =~ ^HTTP/1\.1\ ([0-9]{3}) ]]; then status="${BASH_REMATCH[1]}"; fi
}

# Each slot on its own instance when that is ready, else on the next ready one; all on their own
# when none is ready. It forks nothing but on a change, so that a loaded machine slows it little.
follow_readiness() {
  local i j target status
  local -a ready=()
  for ((i = 1; i <= instances; i++)); do
    readiness "$i"
    case "$status" in
      200) [ "${is_ready[i]}" = 1 ] || open_socket "$i"; is_ready[i]=1 ;;
      "") ;;
      *) is_ready[i]=0 ;;
    esac
    [ "${is_ready[i]}" != 1 ] || ready+=("$i")
  done
  for ((i = 1; i <= instances; i++)); do
    target="$i"
    if [ "${#ready[@]}" -gt 0 ] && [ "${is_ready[i]}" != 1 ]; then
      target="${ready[0]}"
      for j in "${ready[@]}"; do
        if [ "$j" -gt "$i" ]; then target="$j"; break; fi
      done
    fi
    [ "$target" != "${slot_targets[i]}" ] || continue
    point_slot "$i" "$target"
    if [ "$target" = "$i" ]; then
      log "API instance $i ready: its nginx slot is back on it"
    else
      log "API instance $i not ready: its nginx slot now goes to instance $target"
    fi
  done
}

for ((i = 1; i <= instances; i++)); do start_instance "$i"; done
for ((i = 1; i <= instances; i++)); do
  wait_for "API instance $i" "${api_pids[i]}" http_ok "${ports[i]}" /readyz
  is_ready[i]=1
  open_socket "$i"
  point_slot "$i" "$i"
done

slots=()
for ((i = 1; i <= instances; i++)); do slots+=("unix:$SLOTS/slot-$i.sock"); done
bash "$ROOT/eng/nginx-conf.sh" "127.0.0.1:$FRONT_PORT" "$DATA/nginx" "$LOGS" "${slots[@]}" >"$DATA/nginx/nginx.conf"
setsid "$LAYERS_NGINX" -e "$LOGS/nginx-error.log" -p "$DATA/nginx/" -c "$DATA/nginx/nginx.conf" &
nginx_pid=$!
wait_for "nginx" "$nginx_pid" http_ok "$FRONT_PORT" /healthz

log "nginx on http://localhost:$FRONT_PORT (pid $nginx_pid), Redis on 127.0.0.1:$REDIS_PORT (pid $redis_pid)"
for ((i = 1; i <= instances; i++)); do
  log "API instance $i on http://127.0.0.1:${ports[i]} and $SOCKETS/api-$i.sock (pid ${api_pids[i]}; log $LOGS/api-$i.log)"
done
log "Ctrl-C stops them all; kill -TERM <instance pid> restarts that instance gracefully"

# A read that times out is a sleep without a process; a signal interrupts it at once.
exec {never}<> <(:)
while true; do
  read -r -t "$POLL_SECONDS" -u "$never" _ || true
  kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited; see $LOGS/nginx-error.log"
  kill -0 "$redis_pid" 2>/dev/null || die "Redis exited; see $LOGS/redis.log"
  for ((i = 1; i <= instances; i++)); do
    ! kill -0 "${api_pids[i]}" 2>/dev/null || continue
    code=0
    wait "${api_pids[i]}" || code=$?
    [ "$code" = 0 ] || [ $((SECONDS - api_started[i])) -ge "$MIN_UPTIME" ] \
      || die "API instance $i failed (exit code $code) within ${MIN_UPTIME} s of its start; see $LOGS/api-$i.log"
    start_instance "$i"
    is_ready[i]=0
    log "API instance $i exited (code $code): started again (pid ${api_pids[i]})"
  done
  follow_readiness
done
