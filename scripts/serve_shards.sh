#!/usr/bin/env bash
# Serves the shards of an index with Xapian's xapian-tcpsrv (read-only), one
# server per shard, and writes a stub file that searcher --db reads.
#
#   scripts/serve_shards.sh start STUB PORT SHARD...   serve each SHARD (a database, newsdex
#                                                      index folder, or a sharded index folder,
#                                                      whose shards are served one by one) on
#                                                      PORT, PORT+1, ...; write STUB
#   scripts/serve_shards.sh stop STUB                  stop the servers started for STUB
#
# Options (before the command): --interface ADDR (default 127.0.0.1: the remote protocol has
# no authentication, keep it on a private network), --host NAME (written into the stub; default
# ADDR), --timeout MS (server-side idle/active timeout, default 60000).
# Needs xapian-tcpsrv (Debian package xapian-tools).
set -euo pipefail

interface=127.0.0.1
host=
timeout_ms=60000
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --interface) interface=$2; shift 2 ;;
    --host) host=$2; shift 2 ;;
    --timeout) timeout_ms=$2; shift 2 ;;
    *) echo "serve_shards: unknown option $1" >&2; exit 2 ;;
  esac
done
host=${host:-$interface}
command=${1:-}; shift || true

usage() { sed -n '2,15p' "$0" >&2; exit 2; }

# Expands a sharded newsdex index folder into its shard paths.
expand_shard() {
  local path=$1
  if [[ -d $path && -f $path/XAPIANDB ]] && [[ $(grep -c '^auto ' "$path/XAPIANDB") -gt 1 ]]; then
    awk -v dir="$path" '$1 == "auto" { print ($2 ~ /^\// ? $2 : dir "/" $2) }' "$path/XAPIANDB"
  else
    echo "$path"
  fi
}

wait_for_port() {
  local port=$1 pid=$2
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/$interface/$port") 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

case $command in
  start)
    [[ $# -ge 3 ]] || usage
    stub=$1 port=$2; shift 2
    command -v xapian-tcpsrv >/dev/null || { echo "serve_shards: xapian-tcpsrv not found (apt-get install xapian-tools)" >&2; exit 2; }
    shards=()
    for arg in "$@"; do while IFS= read -r s; do shards+=("$s"); done < <(expand_shard "$arg"); done
    : > "$stub.pids"
    tmp_stub=$(mktemp "$stub.XXXXXX")
    for shard in "${shards[@]}"; do
      # Its own session: xapian-tcpsrv answers SIGTERM by signalling its
      # whole process group, which must not be ours.
      setsid xapian-tcpsrv --quiet --port "$port" --interface "$interface" \
        --timeout "$timeout_ms" "$shard" </dev/null >/dev/null 2>"$stub.$port.log" &
      pid=$!
      echo "$pid" >> "$stub.pids"
      if ! wait_for_port "$port" "$pid"; then
        echo "serve_shards: xapian-tcpsrv for $shard on port $port did not start:" >&2
        cat "$stub.$port.log" >&2 || true
        "$0" stop "$stub" || true
        exit 2
      fi
      echo "remote $host:$port" >> "$tmp_stub"
      echo "serve_shards: $shard on $interface:$port (pid $pid)" >&2
      port=$((port + 1))
    done
    mv "$tmp_stub" "$stub"
    ;;
  stop)
    [[ $# -eq 1 ]] || usage
    stub=$1
    [[ -f $stub.pids ]] || { echo "serve_shards: no servers recorded for $stub" >&2; exit 1; }
    while read -r pid; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done < "$stub.pids"
    rm -f "$stub.pids" "$stub".*.log
    ;;
  *) usage ;;
esac
