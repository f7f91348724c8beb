#!/usr/bin/env bash
# Gives Testcontainers a Docker-compatible engine and prints `export K=V` lines for it on stdout
# (logs go to stderr):   eval "$(eng/container-engine.sh)"
#  - an engine that already answers (DOCKER_HOST, else /var/run/docker.sock) is used as it is;
#  - else, on Linux as root with apt-get: rootful podman serving the Docker API, plus a
#    PostgreSQL 15 image and a Redis image (eng/redis-image.sh) built from this machine's own
#    packages, because machines without Docker here have no image registry either. Idempotent; a
#    re-run takes about a second.
# `eng/container-engine.sh --cleanup RUN` removes the containers one test run left in podman, those
# labelled layers.test-run=RUN (see the Test target): Ryuk, which removes them under Docker, is off
# here (it has no image without a registry). Other runs' containers are left alone.
set -euo pipefail

PG_MAJOR=15
IMAGE="localhost/layers-postgres:$PG_MAJOR"
SOCK=/run/podman/podman.sock
PIDFILE=/run/podman/podman-api.pid
SERVICE_LOG=/var/log/podman-api.log
CONF=/etc/containers/containers.conf
CONF_MARK="written by the Layers eng/container-engine.sh"

log() { printf '[container-engine %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [ "${1:-}" = --cleanup ]; then
  run="${2:?usage: $0 --cleanup RUN}"
  command -v podman >/dev/null || exit 0
  ids=$(podman ps -aq --filter "label=layers.test-run=$run")
  if [ -n "$ids" ]; then
    log "removing leftover test containers: ${ids//$'\n'/ }"
    # shellcheck disable=SC2086 # one id per word
    podman rm -f $ids >/dev/null
  fi
  exit 0
fi

ping_ok() {  # $1 = DOCKER_HOST-style address
  case "$1" in
    unix://*) curl -fsS --max-time 2 --unix-socket "${1#unix://}" http://d/_ping 2>/dev/null | grep -qx OK ;;
    tcp://*)  curl -fsS --max-time 2 "http://${1#tcp://}/_ping" 2>/dev/null | grep -qx OK ;;
    *) return 1 ;;
  esac
}

# ---------------------------------------------------------------- an engine that already answers
# Our own podman socket is set up again instead, so its image and settings are ensured too.
existing="${DOCKER_HOST:-unix:///var/run/docker.sock}"
if [ "$existing" != "unix://$SOCK" ] && ping_ok "$existing"; then
  log "using the container engine answering at $existing"
  echo "export DOCKER_HOST=$existing"
  echo "export LAYERS_TEST_POSTGRES_IMAGE=${LAYERS_TEST_POSTGRES_IMAGE:-postgres:$PG_MAJOR}"
  echo "export LAYERS_TEST_REDIS_IMAGE=${LAYERS_TEST_REDIS_IMAGE:-redis:7}"
  exit 0
fi
if [ "$(uname -s)" != Linux ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  die "no container engine answers at $existing. Start Docker (or point DOCKER_HOST at a \
Docker-compatible engine), or run this as root on Linux with apt-get so it can set up podman."
fi
log "no container engine answers at $existing: using rootful podman"

# ---------------------------------------------------------------- 1. packages
missing=()
for p in podman runc netavark aardvark-dns iptables catatonit curl "postgresql-$PG_MAJOR" busybox-static; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# ---------------------------------------------------------------- 2. containers.conf
# crun fails under cgroup v1/hybrid: runc. Without CAP_SYS_RESOURCE, containers fail with
# `setrlimit RLIMIT_NPROC` unless the default ulimits are at or below podman's own hard limits,
# and one `--ulimit` would replace all defaults: so set them all here.
cap() { if [ "$1" = unlimited ] || [ "$1" -gt "$2" ]; then echo "$2"; else echo "$1"; fi; }
NOFILE=$(cap "$(ulimit -Hn)" 16384)
NPROC=$(cap "$(ulimit -Hu)" 16384)
desired_conf="# $CONF_MARK
[containers]
default_ulimits = [
  \"nofile=$NOFILE:$NOFILE\",
  \"nproc=$NPROC:$NPROC\",
]

[engine]
runtime = \"runc\"
cgroup_manager = \"cgroupfs\"
events_logger = \"file\"
# each Docker-API exec (Testcontainers' pg_isready wait) leaves conmon processes this long (default 300 s)
exit_command_delay = 30
"
conf_changed=0
if [ "$(cat "$CONF" 2>/dev/null || true)" != "$(printf '%s' "$desired_conf")" ]; then
  mkdir -p "$(dirname "$CONF")"
  if [ -s "$CONF" ] && ! grep -q "$CONF_MARK" "$CONF"; then
    cp -a "$CONF" "$CONF.bak.$(date +%Y%m%d%H%M%S)"
    log "backed up the existing $CONF"
  fi
  printf '%s' "$desired_conf" > "$CONF"
  conf_changed=1
  log "wrote $CONF (runc, nofile=$NOFILE, nproc=$NPROC)"
fi

# ---------------------------------------------------------------- 3. PostgreSQL image
# Stand-in for the official image's entrypoint, as far as Testcontainers.PostgreSql needs it:
# POSTGRES_USER/PASSWORD/DB/INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD, PGDATA and
# /docker-entrypoint-initdb.d. The image ships a cluster pre-initialised for the Testcontainers
# defaults ($PGDATA/.layers-baked holds their hash): other settings wipe and re-initialise it.
ENTRYPOINT_SH=$(cat <<'ENTRYPOINT_EOF'
#!/bin/sh
set -eu
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"

# Testcontainers passes only "-c fsync=off ..." as the command
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ]; then exec "$@"; fi
for a in "$@"; do case "$a" in -'?'|--help|--describe-config|-V|--version) exec "$@";; esac; done

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  find "$PGDATA" /var/run/postgresql ! -user postgres -exec chown postgres:postgres {} +
  chmod 700 "$PGDATA"; chmod 3777 /var/run/postgresql
  # absolute path, else busybox ash runs its own setpriv applet (no --reuid)
  exec /usr/bin/setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
AUTH="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
BAKED="$PGDATA/.layers-baked"
FP=$(printf '%s\n' "$POSTGRES_USER" "${POSTGRES_PASSWORD:-}" "$POSTGRES_DB" "$AUTH" \
       "${POSTGRES_INITDB_ARGS:-}" "${LANG:-}" | sha256sum | cut -d' ' -f1)

temp_server() {  # socket only, so Testcontainers' `pg_isready --host localhost` waits for init
  if [ "$1" = start ]; then
    pg_ctl -D "$PGDATA" -w start \
      -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" >/dev/null
  else
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
}
run_init_scripts() {
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh)     echo "running $f"; . "$f" ;;
      *.sql)    echo "running $f"; psql -v ON_ERROR_STOP=1 --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) echo "running $f"; gzip -dc "$f" | psql -v ON_ERROR_STOP=1 --dbname "$POSTGRES_DB" ;;
    esac
  done
}
export PGUSER="$POSTGRES_USER" PGHOST=/var/run/postgresql

if [ -f "$BAKED" ] && [ "$(cat "$BAKED")" != "$FP" ]; then
  find "$PGDATA" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$AUTH" != trust ]; then
    echo "error: POSTGRES_PASSWORD is not set (or set POSTGRES_HOST_AUTH_METHOD=trust)" >&2; exit 1
  fi
  pwfile="$(mktemp)"; printf '%s\n' "${POSTGRES_PASSWORD:-}" > "$pwfile"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS holds several arguments
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --encoding=UTF8 \
         --locale="${LANG:-C.UTF-8}" ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$pwfile"
  printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
  printf '\nhost all all all %s\n' "$AUTH" >> "$PGDATA/pg_hba.conf"
  temp_server start
  if [ "$POSTGRES_DB" != postgres ]; then
    dbq=$(printf '%s' "$POSTGRES_DB" | sed 's/"/""/g')
    psql -v ON_ERROR_STOP=1 -q --dbname postgres -c "CREATE DATABASE \"$dbq\"" >/dev/null
  fi
  [ -n "${LAYERS_BAKE:-}" ] || run_init_scripts
  temp_server stop
  if [ -n "${LAYERS_BAKE:-}" ]; then printf '%s\n' "$FP" > "$BAKED"; exit 0; fi
  echo "PostgreSQL init process complete; ready for start up."
elif [ -f "$BAKED" ]; then
  if [ -n "$(ls -A /docker-entrypoint-initdb.d 2>/dev/null)" ]; then
    temp_server start; run_init_scripts; temp_server stop
  fi
  rm -f "$BAKED"
  echo "PostgreSQL init process complete (pre-initialised cluster); ready for start up."
fi
unset PGUSER PGHOST
exec "$@"
ENTRYPOINT_EOF
)
# Rebuild when this script or the host's PostgreSQL changes: the image label holds a hash of both.
RECIPE=$( { cat "${BASH_SOURCE[0]}"; dpkg-query -W -f='${Version}' "postgresql-$PG_MAJOR"; } \
          | sha256sum | cut -c1-16)
IMAGE_PATH="/usr/lib/postgresql/$PG_MAJOR/bin:/usr/local/bin:/usr/bin:/bin"

WORK=""
remove_work() {
  [ -n "$WORK" ] && [ -d "$WORK" ] || return 0
  { grep -o " $WORK/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m" || true; done
  rm -rf --one-file-system "$WORK"
}
trap remove_work EXIT

build_rootfs() {  # $1 = rootfs dir: this machine's PostgreSQL + busybox + the libraries they need
  local r="$1" f lib
  mkdir -p "$r"/{bin,etc,tmp,usr/bin,usr/lib/locale,usr/share/postgresql,usr/local/bin,var/lib/postgresql,var/run/postgresql,proc,sys,dev,run,docker-entrypoint-initdb.d}
  chmod 1777 "$r/tmp"
  cp /bin/busybox "$r/bin/busybox"
  for f in $(/bin/busybox --list); do [ -e "$r/bin/$f" ] || ln -s busybox "$r/bin/$f"; done
  cp /usr/bin/setpriv "$r/usr/bin/setpriv"
  mkdir -p "$r/usr/lib/postgresql/$PG_MAJOR/lib"
  cp -a "/usr/lib/postgresql/$PG_MAJOR/bin" "$r/usr/lib/postgresql/$PG_MAJOR/"
  # LLVM JIT left out: it would pull in libLLVM (~100 MB) that tests do not need
  find "/usr/lib/postgresql/$PG_MAJOR/lib" -maxdepth 1 -name '*.so' ! -name 'llvmjit*' \
       -exec cp -a {} "$r/usr/lib/postgresql/$PG_MAJOR/lib/" \;
  cp -a "/usr/share/postgresql/$PG_MAJOR" "$r/usr/share/postgresql/"
  cp -a /usr/share/zoneinfo "$r/usr/share/"
  cp -a /usr/lib/locale/C.utf8 "$r/usr/lib/locale/"
  for f in "$r/usr/lib/postgresql/$PG_MAJOR"/bin/* "$r/usr/lib/postgresql/$PG_MAJOR"/lib/*.so "$r/usr/bin/setpriv"; do
    ldd "$f" 2>/dev/null | grep -oE '/[^ ]+' || true
  done | sort -u | while read -r lib; do
    [ -e "$lib" ] || continue; mkdir -p "$r$(dirname "$lib")"; cp -L "$lib" "$r$lib"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh\n' > "$r/etc/passwd"
  printf 'root:x:0:\npostgres:x:999:\n' > "$r/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files\n' > "$r/etc/nsswitch.conf"
  printf '127.0.0.1 localhost\n::1 localhost\n' > "$r/etc/hosts"
  printf '%s\n' "$ENTRYPOINT_SH" > "$r/usr/local/bin/docker-entrypoint.sh"
  chmod 755 "$r/usr/local/bin/docker-entrypoint.sh"
}

have_recipe=$(podman image inspect --format '{{ index .Config.Labels "org.layers.recipe" }}' "$IMAGE" 2>/dev/null || true)
if [ "$have_recipe" != "$RECIPE" ]; then
  old_id=$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
  t0=$SECONDS
  WORK=$(mktemp -d -t layers-pg.XXXXXX)
  ROOTFS="$WORK/rootfs"
  log "building $IMAGE from this machine's PostgreSQL $PG_MAJOR"
  build_rootfs "$ROOTFS"
  # initdb at build time saves every test container a few seconds
  mount -t proc proc "$ROOTFS/proc"; mount --bind /dev "$ROOTFS/dev"
  bake_rc=0
  env -i PATH="$IMAGE_PATH" LANG=C.UTF-8 PGDATA=/var/lib/postgresql/data \
      POSTGRES_PASSWORD=postgres LAYERS_BAKE=1 \
      /usr/sbin/chroot "$ROOTFS" /usr/local/bin/docker-entrypoint.sh postgres >&2 || bake_rc=$?
  umount "$ROOTFS/dev"; umount "$ROOTFS/proc"
  [ "$bake_rc" = 0 ] || die "pre-initialising the cluster failed"
  tar -C "$ROOTFS" --numeric-owner -cf - . | podman import \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' --change 'CMD ["postgres"]' \
    --change "ENV PATH=$IMAGE_PATH" --change 'ENV LANG=C.UTF-8' \
    --change 'ENV PGDATA=/var/lib/postgresql/data' \
    --change 'EXPOSE 5432' --change 'STOPSIGNAL SIGINT' \
    --change "LABEL org.layers.recipe=$RECIPE" - "$IMAGE" >/dev/null 2>&1 \
    || die "podman import failed"
  remove_work
  if [ -n "$old_id" ]; then podman rmi "$old_id" >/dev/null 2>&1 || true; fi
  log "built $IMAGE in $((SECONDS - t0)) s"
fi

# ---------------------------------------------------------------- 3b. Redis image
REDIS_IMAGE=$(bash "$(dirname "${BASH_SOURCE[0]}")/redis-image.sh")

# ---------------------------------------------------------------- 4. Docker API service
if ping_ok "unix://$SOCK" && [ "$conf_changed" = 1 ]; then
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  if [ -n "$pid" ] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'podman system service'; then
    log "containers.conf changed: restarting the podman API service (pid $pid)"
    kill "$pid"; for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  else
    log "WARNING: containers.conf changed but the podman API service on $SOCK was not started here: restart it"
  fi
fi
if ! ping_ok "unix://$SOCK"; then
  mkdir -p "$(dirname "$SOCK")"; rm -f "$SOCK"
  log "starting podman system service on unix://$SOCK (log: $SERVICE_LOG)"
  # Detached, with no inherited pipes so that callers reading our stdout finish, and in / because
  # conmon fails ("Failed to get working directory") once the service's directory is deleted.
  (cd / && exec setsid nohup podman system service --time=0 "unix://$SOCK" >>"$SERVICE_LOG" 2>&1 </dev/null) &
  echo $! > "$PIDFILE"
  for _ in $(seq 300); do ping_ok "unix://$SOCK" && break; sleep 0.1; done
  ping_ok "unix://$SOCK" || { tail -n 20 "$SERVICE_LOG" >&2; die "the podman API did not come up"; }
fi

# ---------------------------------------------------------------- 5. smoke test through the Docker API
# Catches runtime/ulimit problems here, with a clear message, rather than as a test timeout.
api() { curl -fsS --max-time 60 --unix-socket "$SOCK" -H 'Content-Type: application/json' "$@"; }
cid=$(api -X POST -d "{\"Image\":\"$IMAGE\",\"Cmd\":[\"pg_isready\",\"--version\"]}" \
        http://d/v1.41/containers/create | sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p')
[ -n "$cid" ] || die "smoke test: creating a container failed"
ok=1
api -X POST "http://d/v1.41/containers/$cid/start" >/dev/null || ok=0
if [ "$ok" = 1 ]; then api -X POST "http://d/v1.41/containers/$cid/wait" | grep -q '"StatusCode":0' || ok=0; fi
api -X DELETE "http://d/v1.41/containers/$cid?force=true" >/dev/null || true
[ "$ok" = 1 ] || die "smoke test: a container did not run through the Docker API (see $SERVICE_LOG; check ulimits/runtime in $CONF)"
log "podman answers on unix://$SOCK and runs $IMAGE"

# No Ryuk image without a registry, hence no Ryuk (see --cleanup). The host override because
# /.dockerenv exists on some hosts (this kind of machine too), which makes Testcontainers assume it
# runs inside a container and look for the database elsewhere than on localhost.
cat <<EOF
export DOCKER_HOST=unix://$SOCK
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
export LAYERS_TEST_POSTGRES_IMAGE=$IMAGE
export LAYERS_TEST_REDIS_IMAGE=$REDIS_IMAGE
EOF
