#!/usr/bin/env bash
# `make loadtest`: gunicorn (gthread, 4 workers x 2 threads) with production settings (HTTPS with a throw-away
# certificate, as behind a proxy) on the PostgreSQL database of DATABASE_URL, seeded beforehand with `manage.py seed_demo --enterprises 100000`,
# a Celery worker on REDIS_URL, and locust headless for LOAD_TIME (2m) with LOAD_USERS (20) simulated users.
# Writes locust's CSV figures to var/loadtest/ and checks them against the goals (benchmarks/load/report.py).
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${DATABASE_URL:?make loadtest needs DATABASE_URL: a PostgreSQL database seeded with seed_demo --enterprises 100000}"
: "${REDIS_URL:?make loadtest needs REDIS_URL (the Celery broker and the shared cache)}"
USERS="${LOAD_USERS:-20}"
DURATION="${LOAD_TIME:-2m}"
PORT="${LOAD_PORT:-8443}"
WORKERS="${LOAD_GUNICORN_WORKERS:-4}"
THREADS="${LOAD_GUNICORN_THREADS:-2}"
SPAWN_RATE="${LOAD_SPAWN_RATE:-1}"
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
"$BIN/celery" -A portal worker --concurrency 1 --loglevel WARNING --logfile "$OUT/celery.log" &
pids+=($!)
for _ in $(seq 60); do
  curl -ksf -H "X-Forwarded-Proto: https" "https://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 1
done

"$BIN/python" benchmarks/load/warmup.py "https://127.0.0.1:$PORT"

"$BIN/locust" -f benchmarks/load/locustfile.py --headless --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$DURATION" \
  --host "https://127.0.0.1:$PORT" --csv "$OUT/portal" --only-summary --loglevel WARNING
"$BIN/python" benchmarks/load/report.py "$OUT/portal_stats.csv"
