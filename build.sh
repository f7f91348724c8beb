#!/usr/bin/env bash
# Usage: ./build.sh [build|test|soak|bench|format|clean|run|cluster|stop-db|wipe-db] [more Cake arguments, e.g. --configuration=Debug]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# no first-run banner, and no telemetry uploads from machines whose network is closed
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

target=build
if [ "$#" -gt 0 ] && [[ "$1" != -* ]]; then target="${1,,}"; shift; fi
case "$target" in
  build) target=Build ;; test) target=Test ;; soak) target=Soak ;; bench) target=Bench ;; clean) target=Clean ;;
  format) target=Format ;; run) target=Run ;; cluster) target=Cluster ;;
  stop-db) target=StopDb ;; wipe-db) target=WipeDb ;;
  *) echo "unknown target '$target': use build, test, soak, bench, format, clean, run, cluster, stop-db or wipe-db" >&2; exit 2 ;;
esac

dotnet tool restore
dotnet cake build.cake --target="$target" "$@"
