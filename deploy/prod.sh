#!/usr/bin/env bash
# The production stack in the foreground (`make prod`): the release steps of the Procfile, then
# its web (gunicorn), worker and beat processes. A process that stops is started again after
# 5 s (the Celery worker gives up when its broker is gone for long; the web keeps serving
# meanwhile); Ctrl-C or SIGTERM stops all of them. Settings come from the environment or from a
# .env file.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
export DEBUG=false PATH="$PWD/.venv/bin:$PATH"
for name in SECRET_KEY ALLOWED_HOSTS DATABASE_URL REDIS_URL; do
  if [ -z "${!name:-}" ]; then
    echo "Set $name (see README, 'Production'), in the environment or in .env." >&2; exit 2
  fi
done

command_of() { sed -n "s/^$1: //p" Procfile; }

python manage.py check --deploy --fail-level ERROR
python manage.py collectstatic --no-input -v 0
python manage.py compilemessages --ignore=.venv -v 0
bash -c "$(command_of release)"

# Runs one process of the Procfile, starting it again whenever it stops.
supervise() {
  local name=$1 command child=""
  command=$(command_of "$name")
  trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; wait; exit 0' INT TERM
  while true; do
    bash -c "exec $command" &
    child=$!
    status=0
    wait "$child" || status=$?
    echo "$name stopped (exit status $status); starting it again in 5 s." >&2
    sleep 5 &
    wait $!
  done
}

pids=()
stop() { trap - INT TERM EXIT; kill -TERM "${pids[@]}" 2>/dev/null || true; wait; }
trap stop INT TERM EXIT
for process in web worker beat; do
  supervise "$process" &
  pids+=($!)
done
echo "Production stack: web on ${HOST:-0.0.0.0}:${PORT:-8000}, worker and beat."
wait
