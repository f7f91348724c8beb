#!/usr/bin/env bash
# Renders eng/nginx.conf.template on stdout:
#   eng/nginx-conf.sh <listen address:port> <state dir> <log dir> <instance>...
# An instance is address:port or unix:/path/to/socket. The state dir takes nginx's pid and
# temporary files, the log dir its error and access logs.
set -euo pipefail

[ "$#" -ge 4 ] || { echo "usage: $0 <listen> <state dir> <log dir> <instance>..." >&2; exit 2; }
listen="$1" state="$2" logs="$3"
shift 3

address='^([][0-9A-Za-z.:-]+:[0-9]+|unix:/[^[:space:];{}]+)$'
servers=""
for instance in "$@"; do
  [[ "$instance" =~ $address ]] || { echo "not address:port or unix:/path: '$instance'" >&2; exit 2; }
  # One failed connection takes the instance out for 2 s; then one request tries it again.
  servers+="        server $instance max_fails=1 fail_timeout=2s;"$'\n'
done

# Started as root, nginx runs its workers as an unprivileged user.
user=""
[ "$(id -u)" != 0 ] || user="user nobody nogroup;"

template="$(cat "$(dirname "${BASH_SOURCE[0]}")/nginx.conf.template")"
template="${template//@LISTEN@/$listen}"
template="${template//@STATE@/$state}"
template="${template//@LOGS@/$logs}"
template="${template//@ACCESS_LOG@/$logs/nginx-access.log layers}"
template="${template//@USER@/$user}"
template="${template//@SERVERS@/${servers%$'\n'}}"
printf '%s\n' "$template"
