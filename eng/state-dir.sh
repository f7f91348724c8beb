#!/usr/bin/env bash
# Prints the directory where this clone's local servers keep their state (PostgreSQL's cluster,
# ./build.sh cluster's sockets and logs):   STATE="$(bash eng/state-dir.sh)"
#   LAYERS_STATE_DIR set: that directory.
#   run as root: /var/lib/layers/<clone name>-<hash of the clone's path>. As root the servers run
#     their processes as system users (postgres, nginx's nobody), which must reach this directory;
#     a clone in a mode-700 home (root's, the usual place on a fresh VM or container) is out of
#     their reach, and the permissions of directories the project does not own are not its to
#     loosen. Keyed by the clone, so that two clones keep two clusters.
#   any other user: .data/ in the clone, since the servers then run as that user.
# Creates nothing: the callers create what they need with the modes they need.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -n "${LAYERS_STATE_DIR:-}" ]; then
  echo "$LAYERS_STATE_DIR"
elif [ "$(id -u)" = 0 ]; then
  echo "/var/lib/layers/$(basename "$ROOT")-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
else
  echo "$ROOT/.data"
fi
