#!/usr/bin/env bash
# The servers ./build.sh cluster runs beside the API, found or installed, printed as `export K=V`
# lines on stdout (logs go to stderr):   eval "$(eng/cluster-tools.sh [nginx] [redis])"
#   LAYERS_NGINX          nginx (Debian's nginx-light), from PATH or /usr/sbin
#   LAYERS_REDIS_SERVER   redis-server (Debian's redis-server), from PATH or /usr/bin
# Without arguments both; the test suite asks for nginx alone. Missing servers are installed with
# apt when run as root on Debian (once: a second run finds them); elsewhere the script stops and
# names what is missing. Installing only puts the binaries in place: the cluster starts its own
# processes with configuration and data in eng/state-dir.sh's directory, never the packages' system services.
set -euo pipefail

log() { printf '[cluster-tools] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# sbin is not on every PATH (e.g. a non-root shell), and that is where Debian puts nginx.
find_binary() {
  command -v "$1" 2>/dev/null && return
  local dir
  for dir in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
    if [ -x "$dir/$1" ]; then echo "$dir/$1"; return; fi
  done
}

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

apt_install() {
  log "installing $* with apt"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  # policy-rc.d answering 101 keeps the packages' services from starting: on a machine with an
  # init system nginx would take port 80 and redis 6379, which the cluster does not use.
  local policy=/usr/sbin/policy-rc.d created=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1
  fi
  local status=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 || status=$?
  [ -z "$created" ] || rm -f "$policy"
  return "$status"
}

wanted=("$@")
[ "${#wanted[@]}" -gt 0 ] || wanted=(nginx redis)

declare -A binary=([nginx]=nginx [redis]=redis-server)
declare -A package=([nginx]=nginx-light [redis]=redis-server)
declare -A variable=([nginx]=LAYERS_NGINX [redis]=LAYERS_REDIS_SERVER)

missing=()
for tool in "${wanted[@]}"; do
  [ -n "${binary[$tool]:-}" ] || die "unknown tool '$tool': use nginx or redis"
  [ -n "$(find_binary "${binary[$tool]}")" ] || missing+=("${package[$tool]}")
done
if [ "${#missing[@]}" -gt 0 ] && can_apt; then
  apt_install "${missing[@]}"
fi

for tool in "${wanted[@]}"; do
  path="$(find_binary "${binary[$tool]}")"
  [ -n "$path" ] || die "${binary[$tool]} not found: install it (Debian/Ubuntu: apt-get install ${package[$tool]}; macOS: brew install ${binary[$tool]%-server}) and run again"
  echo "export ${variable[$tool]}=$path"
done
