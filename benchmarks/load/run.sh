#!/usr/bin/env bash
# `make loadtest`: the state of a park on its first morning, then its busiest hour.
# 1. On the PostgreSQL database of DATABASE_URL: `manage.py seed_demo --enterprises LOAD_SEED_ENTERPRISES (100000)`
#    (idempotent: on a database already seeded it adds nothing; LOAD_SEED=0 skips it), then one
#    `manage.py reevaluate` (the first night's run; on a database already re-evaluated it judges nothing again;
#    LOAD_REEVALUATE=0 skips it). No maintenance step follows: the bulk writers leave the planner statistics current.
# 2. gunicorn (gthread, 4 workers x 2 threads) with production settings (HTTPS with a throw-away certificate, as
#    behind a proxy), a Celery worker for the default queue and one for the heavy queue (-Q heavy, one process, at
#    a lower CPU priority: portal/celery.py), both on REDIS_URL.
# 3. locust headless for LOAD_TIME (2m) with LOAD_USERS (20) simulated users; the administrator among them asks
#    for a CSV of every enterprise as they start (100,000 rows: a background export on the heavy queue; LOAD_EXPORT=0
#    leaves it out), so the pages are measured while it runs.
# Writes locust's CSV figures to var/loadtest/, checks them against the goals (benchmarks/load/report.py) and the
# large export (finished, every row, within the measurement: benchmarks/load/export_check.py), prints the load
# average, and exits 1 when any goal is missed.
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${DATABASE_URL:?make loadtest needs DATABASE_URL: a PostgreSQL database (seeded here unless LOAD_SEED=0)}"
: "${REDIS_URL:?make loadtest needs REDIS_URL (the Celery broker and the shared cache)}"
USERS="${LOAD_USERS:-20}"
DURATION="${LOAD_TIME:-2m}"
PORT="${LOAD_PORT:-8443}"
WORKERS="${LOAD_GUNICORN_WORKERS:-4}"
THREADS="${LOAD_GUNICORN_THREADS:-2}"
SPAWN_RATE="${LOAD_SPAWN_RATE:-1}"
SEED="${LOAD_SEED:-1}"
SEED_ENTERPRISES="${LOAD_SEED_ENTERPRISES:-100000}"
REEVALUATE="${LOAD_REEVALUATE:-1}"
export LOAD_EXPORT="${LOAD_EXPORT:-1}"
OUT=var/loadtest
BIN=.venv/bin
mkdir -p "$OUT"

"$BIN/pip" install --quiet --require-hashes -r benchmarks/load/requirements.txt  # the load group of uv.lock

# Fresh secrets for this run only.
export LOAD_PASSWORD="load-$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(18))')"
export LOAD_TOTP_KEY="$("$BIN/python" -c 'import secrets; print(secrets.token_hex(20))')"
export LOAD_ENTERPRISE_USERS=$(( USERS * 14 / 20 + 1 ))
export LOAD_OFFICIALS=$(( USERS * 5 / 20 + 1 ))

DJANGO_SETTINGS_MODULE=portal.settings.dev "$BIN/python" manage.py migrate --no-input -v0
if [ "$SEED" != 0 ]; then
  echo "loadtest: seed_demo --enterprises $SEED_ENTERPRISES --seed 1"
  DJANGO_SETTINGS_MODULE=portal.settings.dev "$BIN/python" manage.py seed_demo --enterprises "$SEED_ENTERPRISES" --seed 1 \
    | grep -E "^(Demo enterprises|seed_demo took)"
fi
if [ "$REEVALUATE" != 0 ]; then
  echo "loadtest: reevaluate (the first night's run)"
  DJANGO_SETTINGS_MODULE=portal.settings.dev "$BIN/python" manage.py reevaluate --quiet
fi
DJANGO_SETTINGS_MODULE=portal.settings.dev "$BIN/python" manage.py seed_load_users \
  --password "$LOAD_PASSWORD" --totp-key "$LOAD_TOTP_KEY" \
  --enterprise-users "$LOAD_ENTERPRISE_USERS" --officials "$LOAD_OFFICIALS"
export LOAD_ENTERPRISES="$(DJANGO_SETTINGS_MODULE=portal.settings.dev "$BIN/python" manage.py shell -v0 -c \
  'from enterprises.models import Enterprise; print(Enterprise.objects.order_by("-pk").values_list("pk", flat=True).first())')"

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -keyout "$OUT/key.pem" -out "$OUT/cert.pem" 2>/dev/null

export DJANGO_SETTINGS_MODULE=portal.settings.production
export DJANGO_SECRET_KEY="$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$PORT"
export DJANGO_CACHE_URL="${DJANGO_CACHE_URL:-$REDIS_URL}"
export DJANGO_EMAIL_URL="consolemail://"
export DJANGO_LOG_LEVEL=WARNING
"$BIN/python" manage.py collectstatic --no-input -v0

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
"$BIN/gunicorn" portal.wsgi --workers "$WORKERS" --worker-class gthread --threads "$THREADS" --keep-alive 5 --bind "127.0.0.1:$PORT" \
  --certfile "$OUT/cert.pem" --keyfile "$OUT/key.pem" --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" &
pids+=($!)
"$BIN/celery" -A portal worker -Q celery -n "default@%h" --concurrency 1 --loglevel WARNING --logfile "$OUT/celery.log" &
pids+=($!)
# The heavy queue's own worker, one process; it lowers its own CPU priority (HEAVY_WORKER_NICENESS, portal/celery.py).
"$BIN/celery" -A portal worker -Q heavy -n "heavy@%h" --concurrency 1 --loglevel INFO --logfile "$OUT/celery-heavy.log" &
pids+=($!)
for _ in $(seq 60); do
  curl -ksf -H "X-Forwarded-Proto: https" "https://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 1
done

"$BIN/python" benchmarks/load/warmup.py "https://127.0.0.1:$PORT"

echo "loadtest: load average before the measurement: $(cut -d' ' -f1-3 /proc/loadavg)"
export LOAD_STARTED="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
( while sleep 10; do cut -d' ' -f1 /proc/loadavg; done ) >"$OUT/loadavg.txt" &
sampler=$!
pids+=("$sampler")
"$BIN/locust" -f benchmarks/load/locustfile.py --headless --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$DURATION" \
  --host "https://127.0.0.1:$PORT" --csv "$OUT/portal" --only-summary --loglevel WARNING
kill "$sampler" 2>/dev/null || true
echo "loadtest: load average (1 min) during the measurement, every 10 s: $(tr '\n' ' ' <"$OUT/loadavg.txt")"
missed=0
"$BIN/python" benchmarks/load/report.py "$OUT/portal_stats.csv" || missed=1
if [ "$LOAD_EXPORT" != 0 ]; then
  DJANGO_SETTINGS_MODULE=portal.settings.dev "$BIN/python" benchmarks/load/export_check.py || missed=1
fi
exit "$missed"
