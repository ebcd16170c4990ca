#!/usr/bin/env bash
# The production stack in the foreground (`make prod`): the release steps of the Procfile, then
# its web (gunicorn), worker and beat processes; Ctrl-C or SIGTERM stops all of them, and so
# does any of them stopping. Settings come from the environment or from a .env file.
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

pids=()
stop() { trap - INT TERM EXIT; kill -TERM "${pids[@]}" 2>/dev/null || true; wait; }
trap stop INT TERM EXIT
for process in web worker beat; do
  bash -c "exec $(command_of "$process")" &
  pids+=($!)
done
echo "Production stack: web on ${HOST:-0.0.0.0}:${PORT:-8000}, worker and beat (pids ${pids[*]})."
# The first process to stop (a crash) stops the others; the supervisor above restarts us.
wait -n
