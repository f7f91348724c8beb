#!/usr/bin/env bash
# The API's OCI image, built the .NET way: `dotnet publish -t:PublishContainer` (the SDK's container
# support; settings in src/Api/Layers.Api.csproj). Prints the image's name on stdout; logs go to stderr.
#   eng/api-image.sh [--tag TAG]
#       The SDK's default base, the official ASP.NET Core runtime image (mcr.microsoft.com/dotnet/aspnet,
#       the runtime's major.minor), pulled from its registry; the image goes to the local Docker or
#       podman engine as layers-api:TAG (default: latest).
#   eng/api-image.sh --base IMAGE [--tag TAG]
#       Another base (any image that carries the ASP.NET Core shared runtime), as the SDK's
#       ContainerBaseImage property: `dotnet publish ... -p:ContainerBaseImage=IMAGE` does the same.
#   eng/api-image.sh --local-base [--tag TAG]
#       For a machine that reaches no image registry (as root, Linux, apt and podman): builds a base
#       image from this machine's own .NET runtime (busybox, the libraries the runtime loads, the
#       ASP.NET Core shared framework), serves it from a private registry on loopback (Debian's
#       docker-registry, installed with apt if missing, stopped on exit), publishes through it and
#       pulls the result into podman as localhost/layers-api:TAG.
# Env: LAYERS_REGISTRY_PORT   the loopback registry's port for --local-base (default 5055)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT="$ROOT/src/Api/Layers.Api.csproj"
REPOSITORY=layers-api
REGISTRY_PORT="${LAYERS_REGISTRY_PORT:-5055}"
REGISTRY="127.0.0.1:$REGISTRY_PORT"

log() { printf '[api-image %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

tag=latest base="" local_base=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    --base) base="${2:?--base needs an image}"; shift 2 ;;
    --local-base) local_base=1; shift ;;
    *) echo "usage: $0 [--tag TAG] [--base IMAGE | --local-base]" >&2; exit 2 ;;
  esac
done
[[ "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "--tag must be a valid image tag, not '$tag'"

publish() {  # $@ = extra MSBuild properties
  # Framework-dependent: the base image carries the runtime, the image adds only the app's layer.
  dotnet publish "$PROJECT" -c Release -r linux-x64 --self-contained false -t:PublishContainer \
    -p:ContainerImageTag="$tag" "$@" >&2
}

if [ -z "$local_base" ]; then
  publish ${base:+"-p:ContainerBaseImage=$base"}
  echo "$REPOSITORY:$tag"
  exit 0
fi

# ---------------------------------------------------------------- --local-base
[ "$(uname -s)" = Linux ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && command -v podman >/dev/null \
  || die "--local-base needs root on Linux with apt-get and podman (eng/container-engine.sh installs podman)"
[ -z "$base" ] || die "--base and --local-base exclude each other"
if ! command -v docker-registry >/dev/null; then
  log "apt-get install docker-registry"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  # policy-rc.d answering 101 keeps the package's own service from starting: this script runs its own.
  policy=/usr/sbin/policy-rc.d created=""
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1; fi
  status=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry >&2 || status=$?
  [ -z "$created" ] || rm -f "$policy"
  [ "$status" = 0 ] || die "installing docker-registry failed"
fi

DOTNET_ROOT_DIR="$(dirname "$(readlink -f "$(command -v dotnet)")")"
runtime_version=$(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" { v = $2 } END { print v }')
[ -n "$runtime_version" ] || die "no ASP.NET Core runtime found beside $DOTNET_ROOT_DIR/dotnet"
[ -d "$DOTNET_ROOT_DIR/shared/Microsoft.NETCore.App/$runtime_version" ] || die "no .NET runtime $runtime_version beside the ASP.NET Core one"
BASE_NAME="layers-aspnet-base"
BASE_TAG="$runtime_version"
APP_UID=1654 # the official images' non-root user, which the SDK runs the app as

WORK=$(mktemp -d -t layers-image.XXXXXX)
registry_pid=""
cleanup() {
  [ -z "$registry_pid" ] || { kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; }
  rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT

# Rebuilt when this script or the runtime changes: the label holds a hash of both.
RECIPE=$( { cat "${BASH_SOURCE[0]}"; echo "$runtime_version"; } | sha256sum | cut -c1-16)
have_recipe=$(podman image inspect --format '{{ index .Config.Labels "org.layers.recipe" }}' "localhost/$BASE_NAME:$BASE_TAG" 2>/dev/null || true)
if [ "$have_recipe" != "$RECIPE" ]; then
  log "building localhost/$BASE_NAME:$BASE_TAG from this machine's .NET $runtime_version"
  r="$WORK/rootfs" d=/usr/share/dotnet
  mkdir -p "$r"/{bin,etc,tmp,app,usr/bin,proc,sys,dev,run,home/app} "$r$d/shared" "$r$d/host"
  chmod 1777 "$r/tmp"
  cp /bin/busybox "$r/bin/busybox"
  for f in $(/bin/busybox --list); do [ -e "$r/bin/$f" ] || ln -s busybox "$r/bin/$f"; done
  cp -a "$DOTNET_ROOT_DIR/dotnet" "$r$d/dotnet"
  cp -a "$DOTNET_ROOT_DIR/host/fxr" "$r$d/host/"
  for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    mkdir -p "$r$d/shared/$framework"
    cp -a "$DOTNET_ROOT_DIR/shared/$framework/$runtime_version" "$r$d/shared/$framework/"
  done
  ln -s "$d/dotnet" "$r/usr/bin/dotnet"
  # What the runtime links, and what it opens at run time without linking it (OpenSSL, zlib, and
  # GSSAPI, which Npgsql's connection setup loads and complains about on stderr when missing).
  for f in "$r$d/dotnet" "$r$d"/host/fxr/*/*.so "$r$d"/shared/*/"$runtime_version"/*.so \
           /usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libz.so.1 \
           /usr/lib/x86_64-linux-gnu/libgssapi_krb5.so.2; do
    [ -e "$f" ] || continue
    case "$f" in /usr/lib/*) echo "$f" ;; esac
    ldd "$f" 2>/dev/null | grep -oE '/[^ ]+' || true
  done | sort -u | while read -r lib; do
    [ -e "$lib" ] || continue; mkdir -p "$r$(dirname "$lib")"; cp -L "$lib" "$r$lib"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\napp:x:%s:%s:app:/home/app:/bin/sh\n' "$APP_UID" "$APP_UID" > "$r/etc/passwd"
  printf 'root:x:0:\napp:x:%s:\n' "$APP_UID" > "$r/etc/group"
  chown "$APP_UID:$APP_UID" "$r/home/app"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$r/etc/nsswitch.conf"
  printf '127.0.0.1 localhost\n::1 localhost\n' > "$r/etc/hosts"
  old_id=$(podman image inspect --format '{{.Id}}' "localhost/$BASE_NAME:$BASE_TAG" 2>/dev/null || true)
  # The official image's settings that the app relies on: its port, its user, the runtime's place.
  tar -C "$r" --numeric-owner -cf - . | podman import \
    --change "ENV APP_UID=$APP_UID" --change 'ENV ASPNETCORE_HTTP_PORTS=8080' \
    --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' --change "ENV DOTNET_ROOT=$d" \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    --change "LABEL org.layers.recipe=$RECIPE" - "localhost/$BASE_NAME:$BASE_TAG" >/dev/null \
    || die "podman import failed"
  if [ -n "$old_id" ]; then podman rmi "$old_id" >/dev/null 2>&1 || true; fi
fi

mkdir -p "$WORK/registry"
printf 'version: 0.1\nlog: { level: warn }\nstorage: { filesystem: { rootdirectory: %s } }\nhttp: { addr: %s }\n' \
  "$WORK/registry" "$REGISTRY" > "$WORK/registry.yml"
docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do curl -fsS --max-time 1 "http://$REGISTRY/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS --max-time 1 "http://$REGISTRY/v2/" >/dev/null 2>&1 || { cat "$WORK/registry.log" >&2; die "the registry on $REGISTRY did not answer (port taken? set LAYERS_REGISTRY_PORT)"; }

podman push --quiet --tls-verify=false "localhost/$BASE_NAME:$BASE_TAG" "$REGISTRY/$BASE_NAME:$BASE_TAG" >&2
DOTNET_CONTAINER_INSECURE_REGISTRIES="$REGISTRY" publish \
  -p:ContainerBaseImage="$REGISTRY/$BASE_NAME:$BASE_TAG" -p:ContainerRegistry="$REGISTRY"
podman pull --quiet --tls-verify=false "$REGISTRY/$REPOSITORY:$tag" >/dev/null
podman tag "$REGISTRY/$REPOSITORY:$tag" "localhost/$REPOSITORY:$tag"
podman rmi "$REGISTRY/$REPOSITORY:$tag" >/dev/null
echo "localhost/$REPOSITORY:$tag"
