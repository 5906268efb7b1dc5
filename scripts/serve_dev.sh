#!/usr/bin/env bash
# shellcheck disable=SC2317  # cleanup functions run from traps
# Development server with the background worker: `make run` ends here.
#   HOST=0.0.0.0 PORT=8080 scripts/serve_dev.sh
# Starts `manage.py db_worker` (django-tasks' database queue) and `manage.py run_scheduler` (periodic tasks)
# in the background and `manage.py runserver` in the foreground; when the server exits (Ctrl-C included) the
# worker and the scheduler are stopped too.
set -euo pipefail

cd "$(dirname "$0")/.."
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
PYTHON=${PYTHON:-.venv/bin/python}

worker_pid=""
scheduler_pid=""
server_pid=""

stop() { # stop NAME PID: TERM, then KILL after 5 s
    local name=$1 pid=$2
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        echo "serve_dev: stopping the $name (pid $pid)" >&2
        kill -TERM "$pid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
}
cleanup() {
    stop server "$server_pid"
    stop scheduler "$scheduler_pid"
    stop "background worker" "$worker_pid"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$PYTHON" manage.py db_worker &
worker_pid=$!
echo "serve_dev: background worker started (pid $worker_pid)" >&2
"$PYTHON" manage.py run_scheduler &
scheduler_pid=$!
echo "serve_dev: scheduler started (pid $scheduler_pid)" >&2

# In the background too, so that a signal to this script is handled at once; `wait` returns with the server.
"$PYTHON" manage.py runserver "$HOST:$PORT" </dev/null &
server_pid=$!
set +e
wait "$server_pid"
rc=$?
set -e
server_pid=""
exit "$rc"
