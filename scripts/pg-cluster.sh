#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and the benchmark: created in DIR, listening on
# 127.0.0.1 only, run by an unprivileged user (the `postgres` system user when invoked as root,
# since PostgreSQL refuses to run as root), trust authentication on loopback, durability off.
#
#   scripts/pg-cluster.sh start DIR   # install Debian's postgresql if needed, create, start; prints the URL
#   scripts/pg-cluster.sh stop DIR    # stop and remove DIR (fine when nothing runs)
#   scripts/pg-cluster.sh url DIR     # the URL of a started cluster
set -euo pipefail

die() { echo "pg-cluster: $*" >&2; exit 1; }

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: $0 start|stop|url DIR"
case "$dir" in /*) ;; *) dir="$PWD/$dir" ;; esac

sudo_cmd() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin
  bin=$(bindir) || true
  if [ -z "$bin" ]; then
    echo "pg-cluster: installing postgresql" >&2
    sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 \
      || die "could not install Debian's postgresql; install it (apt-get install postgresql) and retry"
    bin=$(bindir) || die "postgresql is installed but no initdb was found under /usr/lib/postgresql/*/bin"
  fi
  [ -d "$dir/data" ] && stop_cluster quietly
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "no 'postgres' user to run the cluster as (Debian's postgresql package creates it)"
    chown postgres "$dir"
    runuser -u postgres -- test -x "$dir" || die "the postgres user cannot reach $dir: put DIR under /tmp"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U hindsight -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed in $dir/data"; }
  local port=54329
  while (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; die "the server did not start; its log is above"; }
  psql -q -h 127.0.0.1 -p "$port" -U hindsight -d postgres -c "CREATE DATABASE hindsight_test" >/dev/null \
    || die "could not create the database hindsight_test on port $port"
  echo "postgres://hindsight@127.0.0.1:$port/hindsight_test" > "$dir/url"
  cat "$dir/url"
}

stop_cluster() {
  local bin
  bin=$(bindir) || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

case "$cmd" in
  start) start ;;
  stop) stop_cluster; rm -rf "$dir" ;;
  url) [ -f "$dir/url" ] || die "no cluster started in $dir"; cat "$dir/url" ;;
  *) die "unknown command '$cmd': use start, stop or url" ;;
esac
