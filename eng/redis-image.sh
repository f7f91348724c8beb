#!/usr/bin/env bash
# Builds a Redis image for the tests from this machine's Debian packages, for machines without an
# image registry, and prints its name on stdout (logs go to stderr). Called by
# eng/container-engine.sh once podman is set up; idempotent, a re-run takes about a second.
# Debian's redis-tools carries the server binary (redis-check-rdb, which serves when started as
# redis-server); its redis-server package adds only the service scripts and that name, and would
# start a server on this machine when installed, so the image is built from redis-tools alone.
set -euo pipefail

log() { printf '[redis-image %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if ! dpkg-query -W -f='${Status}' redis-tools 2>/dev/null | grep -q 'ok installed'; then
  log "apt-get install redis-tools"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends redis-tools >&2
fi

VERSION=$(dpkg-query -W -f='${Version}' redis-tools)   # e.g. 5:7.0.15-1~deb12u10
MAJOR=${VERSION#*:}; MAJOR=${MAJOR%%.*}
IMAGE="localhost/layers-redis:$MAJOR"

# Rebuild when this script or the host's Redis changes: the image label holds a hash of both.
RECIPE=$( { cat "${BASH_SOURCE[0]}"; echo "$VERSION"; } | sha256sum | cut -c1-16)
have_recipe=$(podman image inspect --format '{{ index .Config.Labels "org.layers.recipe" }}' "$IMAGE" 2>/dev/null || true)
if [ "$have_recipe" != "$RECIPE" ]; then
  t0=$SECONDS
  old_id=$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
  WORK=$(mktemp -d -t layers-redis.XXXXXX)
  trap 'rm -rf --one-file-system "$WORK"' EXIT
  r="$WORK/rootfs"
  log "building $IMAGE from this machine's redis-tools $VERSION"
  mkdir -p "$r"/{bin,etc,tmp,data,usr/bin,proc,sys,dev,run}
  chmod 1777 "$r/tmp"
  # busybox for a shell in the container, as in the PostgreSQL image
  cp /bin/busybox "$r/bin/busybox"
  for f in $(/bin/busybox --list); do [ -e "$r/bin/$f" ] || ln -s busybox "$r/bin/$f"; done
  cp /usr/bin/redis-check-rdb /usr/bin/redis-cli "$r/usr/bin/"
  ln -s redis-check-rdb "$r/usr/bin/redis-server"
  for f in "$r/usr/bin/redis-check-rdb" "$r/usr/bin/redis-cli"; do
    ldd "$f" 2>/dev/null | grep -oE '/[^ ]+' || true
  done | sort -u | while read -r lib; do
    [ -e "$lib" ] || continue; mkdir -p "$r$(dirname "$lib")"; cp -L "$lib" "$r$lib"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\n' > "$r/etc/passwd"
  printf 'root:x:0:\n' > "$r/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files\n' > "$r/etc/nsswitch.conf"
  printf '127.0.0.1 localhost\n::1 localhost\n' > "$r/etc/hosts"
  # As the official image: reachable from outside the container without a password, nothing
  # written to disk (a restarted container starts empty).
  tar -C "$r" --numeric-owner -cf - . | podman import \
    --change 'CMD ["redis-server", "--protected-mode", "no", "--save", "", "--appendonly", "no"]' \
    --change 'WORKDIR /data' --change 'ENV PATH=/usr/bin:/bin' --change 'EXPOSE 6379' \
    --change "LABEL org.layers.recipe=$RECIPE" - "$IMAGE" >/dev/null 2>&1 \
    || die "podman import failed"
  podman run --rm "$IMAGE" redis-server --version >/dev/null 2>&1 || die "$IMAGE does not run redis-server"
  if [ -n "$old_id" ]; then podman rmi "$old_id" >/dev/null 2>&1 || true; fi
  log "built $IMAGE in $((SECONDS - t0)) s"
fi
echo "$IMAGE"
