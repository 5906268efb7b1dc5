#!/usr/bin/env bash
# shellcheck disable=SC2317  # cleanup functions run from traps
# Run a command against a throwaway PostgreSQL server:
#   scripts/with_postgres.sh .venv/bin/pytest -q
# Creates a cluster in a fresh temporary directory, starts it on 127.0.0.1 on a free port (its unix socket
# in the same directory), creates the database, runs the command with DATABASE_URL exported, then stops
# the server and removes the directory, also when the command fails or is interrupted.
# Installs Debian's postgresql with apt-get when no server binaries are found. PostgreSQL refuses to run as
# root: as root, the server runs as the `postgres` system user. The role is a superuser of this throwaway
# cluster (pytest-django creates and drops its test database), with trust authentication on loopback only.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 64
fi

PG_USER=desk
PG_DB=deskpilkada

find_pg_bin() {
    local dir
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    # Newest version first.
    for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
        if [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

if ! PG_BIN=$(find_pg_bin); then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "with_postgres: PostgreSQL server binaries not found; install PostgreSQL (Debian: apt-get install postgresql)" >&2
        exit 1
    fi
    echo "with_postgres: installing postgresql with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    PG_BIN=$(find_pg_bin) || { echo "with_postgres: pg_ctl still not found after installing postgresql" >&2; exit 1; }
fi

# As root, run the server's tools as the unprivileged `postgres` user.
as_server_user() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin postgres
    fi
    as_server_user() { runuser -u postgres -- "$@"; }
    # A directory postgres can reach even when TMPDIR is private to root.
    PG_TMP=$(mktemp -d /tmp/deskpilkada-pg.XXXXXX)
    chown postgres: "$PG_TMP"
else
    PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/deskpilkada-pg.XXXXXX")
fi
PG_DATA="$PG_TMP/data"
PG_LOG="$PG_TMP/server.log"

cleanup() {
    local rc=$?
    if [ -f "$PG_DATA/postmaster.pid" ]; then
        as_server_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_server_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

as_server_user "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" --auth=trust -E UTF8 --locale=C --no-sync >"$PG_TMP/initdb.log" 2>&1 || {
    cat "$PG_TMP/initdb.log" >&2
    exit 1
}

started=0
for attempt in 1 2 3; do
    PG_PORT=$(free_port)
    # fsync and friends off: the cluster is thrown away, only speed matters.
    if as_server_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
        started=1
        break
    fi
    echo "with_postgres: server did not start on port $PG_PORT (attempt $attempt)" >&2
done
if [ "$started" -ne 1 ]; then
    cat "$PG_LOG" >&2 || true
    exit 1
fi

"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB"

export DATABASE_URL="postgres://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB"
echo "with_postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in $PG_TMP)" >&2

set +e
"$@"
rc=$?
set -e
exit "$rc"
