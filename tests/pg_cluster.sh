#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: data in a temporary directory, listening on
# 127.0.0.1 only, trust authentication, durability off (it is deleted afterwards anyway).
#
#   eval "$(tests/pg_cluster.sh start)"   # exports PG_CLUSTER_DIR and SOURCECHECK_TEST_POSTGRES_URL
#   .venv/bin/python -m pytest -q tests/test_store.py tests/test_store_postgres.py
#   tests/pg_cluster.sh stop "$PG_CLUSTER_DIR"
#
#   tests/pg_cluster.sh run make test     # start, run a command with the variables set, stop
#
# Needs the PostgreSQL server binaries: the newest /usr/lib/postgresql/*/bin (Debian's `postgresql`
# package), else initdb on PATH, or set PG_BIN. Run as root, the server runs as the `postgres` user
# (it refuses to run as root). PG_PORT picks the port; by default a free one.
set -euo pipefail

MARKER=.sourcecheck-pg-cluster
SUPERUSER=postgres
DATABASE=sourcecheck_test

die() {
    echo "pg_cluster.sh: $*" >&2
    exit 1
}

pg_bin() {
    if [[ -n ${PG_BIN:-} ]]; then
        echo "$PG_BIN"
        return
    fi
    local newest
    newest=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)
    if [[ -n $newest ]]; then
        dirname "$newest"
    elif command -v initdb >/dev/null; then
        dirname "$(command -v initdb)"
    else
        die "no PostgreSQL server binaries (apt-get install postgresql, or set PG_BIN)"
    fi
}

# Run a server command as the owner of the data: `postgres` when we are root, else ourselves.
as_owner() {
    if [[ $(id -u) == 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

free_port() {
    if [[ -n ${PG_PORT:-} ]]; then
        echo "$PG_PORT"
    else
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    fi
}

start() {
    local bin dir port
    bin=$(pg_bin)
    [[ -x $bin/initdb && -x $bin/pg_ctl ]] || die "no initdb or pg_ctl in $bin"
    if [[ $(id -u) == 0 ]] && ! id postgres >/dev/null 2>&1; then
        die "running as root needs a 'postgres' user to run the server"
    fi
    port=$(free_port)
    dir=$(mktemp -d /tmp/sourcecheck-pg.XXXXXX)
    touch "$dir/$MARKER"
    if ! create "$bin" "$dir" "$port" >"$dir/start.log" 2>&1; then
        cat "$dir/start.log" "$dir/server.log" >&2 2>/dev/null || true
        stop "$dir"
        die "could not start a cluster on port $port"
    fi
    echo "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir" >&2
    echo "export PG_CLUSTER_DIR=$dir"
    echo "export SOURCECHECK_TEST_POSTGRES_URL=postgresql://$SUPERUSER@127.0.0.1:$port/$DATABASE"
}

# initdb, start, create the database. (Called from `if`, where set -e is off: hence the returns.)
create() {
    local bin=$1 dir=$2 port=$3
    if [[ $(id -u) == 0 ]]; then
        chown postgres: "$dir" || return 1
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U "$SUPERUSER" --auth=trust --encoding=UTF8 --no-locale \
        || return 1
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "-p $port -k $dir \
        -c listen_addresses=127.0.0.1 -c max_connections=200 \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start || return 1
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$SUPERUSER" "$DATABASE"
}

stop() {
    local dir=${1:-}
    [[ -n $dir && -f $dir/$MARKER ]] || die "stop: '$dir' is not a cluster this script started"
    if [[ -f $dir/data/postmaster.pid ]]; then
        as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$dir"
}

run() {
    [[ $# -gt 0 ]] || die "run: no command given"
    local env
    env=$(start)  # not `eval "$(start)"`, which would hide a failed start
    eval "$env"
    trap 'stop "$PG_CLUSTER_DIR"' EXIT
    "$@"
}

case ${1:-} in
    start) start ;;
    stop) stop "${2:-}" ;;
    run) shift && run "$@" ;;
    *) die "usage: $0 start | stop DIR | run COMMAND..." ;;
esac
