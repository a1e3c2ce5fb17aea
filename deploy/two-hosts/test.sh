#!/usr/bin/env bash
# Two Pavilion hosts behind HAProxy, built on this one machine with network namespaces, and shown to
# work as one site (docs/deployment.md, "Scaling out to two hosts"):
#
#   clients 10.77.0.20 ──► lb 10.77.0.3:80 (HAProxy, deploy/haproxy/haproxy.cfg: leastconn, no stickiness)
#                            ├─► host-a 10.77.0.1:80 nginx (deploy/nginx/pavilion.conf) ─► 127.0.0.1:8000
#                            │                       pavilion serve --workers 2
#                            └─► host-b 10.77.0.2:80 nginx ─► 127.0.0.1:8000 pavilion serve --workers 2
#                                   └─► data 10.77.0.10: Redis :6379 (its own redis-server),
#                                       PostgreSQL :5432 (forwarded to this machine's, see below)
#   media files and documents: one directory both hosts use (the shared storage, NFS in production)
#
# Every namespace has one veth into a bridge that lives in the data namespace; nothing is routed to
# the machine's own network. PostgreSQL is the machine's own (127.0.0.1:5432, as the test suite
# uses it): a socat in the root namespace listens on a Unix socket in this run's directory and
# connects to it, a socat in the data namespace listens on 10.77.0.10:5432 and connects to that
# socket. Each run uses a database of its own, dropped at the end. Redis runs inside the data
# namespace so no other program's pub/sub traffic on the machine's Redis reaches these hosts.
#
# Both hosts run in production mode from one environment file, deploy/env/pavilion.env.example
# filled in for this layout. The checks themselves are in client.py.
#
# Needs root, iproute2, haproxy, socat, redis-server, psql/createdb (.ci/install-system-packages)
# and `make install`. Outside CI a missing piece skips (exit 0, says why); in CI (CI=true) it fails.
# Takes about two minutes on a busy 2-core machine, most of it collectstatic and migrate.
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin"  # ip and haproxy live there
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PYTHON="$REPO/.venv/bin/python"
PG_HOST="${TWO_HOSTS_PG_HOST:-127.0.0.1}"
PG_PORT="${TWO_HOSTS_PG_PORT:-5432}"
PG_USER="${TWO_HOSTS_PG_USER:-postgres}"
STARTED=$EPOCHREALTIME

say() { printf '[two-hosts %6.1fs] %s\n' "$(awk -v s="$STARTED" -v n="$EPOCHREALTIME" 'BEGIN { print n - s }')" "$*"; }

skip_or_fail() {
  if [ "${CI:-}" = "true" ]; then
    echo "two-hosts: FAILED: $1 (CI must run this test)" >&2
    exit 1
  fi
  echo "two-hosts: skipped: $1"
  exit 0
}

[ "$(id -u)" -eq 0 ] || skip_or_fail "needs root (network namespaces)"
for program in ip haproxy nginx openssl socat redis-server redis-cli pg_isready createdb dropdb curl; do
  command -v "$program" >/dev/null 2>&1 || skip_or_fail "needs $program (bash .ci/install-system-packages)"
done
[ -x "$PYTHON" ] || skip_or_fail "needs the virtual environment (make install)"
pg_isready -q -h "$PG_HOST" -p "$PG_PORT" || skip_or_fail "PostgreSQL is not answering on $PG_HOST:$PG_PORT"

# Names of this run: namespaces, interfaces (at most 15 characters), database, directory.
RUN=$(printf '%x' $$)
NS_A="pv2a-$RUN" NS_B="pv2b-$RUN" NS_LB="pv2l-$RUN" NS_DATA="pv2d-$RUN" NS_CLIENTS="pv2c-$RUN"
DATABASE="pavilion_twohosts_$RUN"
WORK="$(mktemp -d /tmp/pavilion-two-hosts.XXXXXX)"
PIDS=()

cleanup() {
  status=$?
  set +e
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  # Up to 10 s for all of them to stop (an exited child not yet reaped counts as stopped), then KILL.
  for _ in $(seq 1 100); do
    running=0
    for pid in "${PIDS[@]}"; do
      [ -r "/proc/$pid/stat" ] && [ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" != Z ] && running=1
    done
    [ "$running" -eq 0 ] && break
    sleep 0.1
  done
  for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
  wait 2>/dev/null
  say "cleanup: processes stopped"
  for ns in "$NS_A" "$NS_B" "$NS_LB" "$NS_CLIENTS" "$NS_DATA"; do ip netns del "$ns" 2>/dev/null; done
  dropdb --if-exists --force -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$DATABASE" 2>/dev/null
  say "cleanup: namespaces and database removed"
  if [ "$status" -ne 0 ]; then
    for log in "$WORK"/*.log; do echo "---- $(basename "$log") (last lines)"; tail -n 30 "$log"; done
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT INT TERM

# start NAME NAMESPACE COMMAND…: run in the background as its own process group (stopped by group).
start() {
  local name=$1 ns=$2
  shift 2
  if [ "$ns" = "-" ]; then
    setsid "$@" >"$WORK/$name.log" 2>&1 &
  else
    setsid ip netns exec "$ns" "$@" >"$WORK/$name.log" 2>&1 &
  fi
  PIDS+=($!)
  echo $! >"$WORK/$name.pid"
}

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND…
  local seconds=$1 what=$2
  shift 2
  local deadline=$(($(date +%s) + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "two-hosts: FAILED: $what did not come up within $seconds s" >&2
      exit 1
    fi
    sleep 0.2
  done
}

say "network: namespaces and a bridge in $NS_DATA"
for ns in "$NS_A" "$NS_B" "$NS_LB" "$NS_DATA" "$NS_CLIENTS"; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
done
ip -n "$NS_DATA" link add br0 type bridge
ip -n "$NS_DATA" addr add 10.77.0.10/24 dev br0
ip -n "$NS_DATA" link set br0 up
attach() {  # attach NAMESPACE ADDRESS SHORT
  ip link add "pv2$3$RUN" netns "$1" type veth peer name "pv2$3p$RUN" netns "$NS_DATA"
  ip -n "$1" link set "pv2$3$RUN" name eth0
  ip -n "$1" addr add "$2/24" dev eth0
  ip -n "$1" link set eth0 up
  ip -n "$NS_DATA" link set "pv2$3p$RUN" master br0 up
}
attach "$NS_A" 10.77.0.1 a
attach "$NS_B" 10.77.0.2 b
attach "$NS_LB" 10.77.0.3 l
attach "$NS_CLIENTS" 10.77.0.20 c

say "data: Redis in $NS_DATA, PostgreSQL forwarded to the machine's ($PG_HOST:$PG_PORT), database $DATABASE"
# With a password, as on the data host (the address then carries it, as the example file shows).
REDIS_PASSWORD=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
start redis "$NS_DATA" redis-server --bind 10.77.0.10 --port 6379 --save "" --appendonly no \
  --requirepass "$REDIS_PASSWORD"
start pg-socket - socat "UNIX-LISTEN:$WORK/postgresql.sock,fork,mode=600" "TCP:$PG_HOST:$PG_PORT"
wait_for 10 "the PostgreSQL socket" test -S "$WORK/postgresql.sock"
start pg-forward "$NS_DATA" socat TCP-LISTEN:5432,bind=10.77.0.10,fork,reuseaddr "UNIX-CONNECT:$WORK/postgresql.sock"
createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$DATABASE"
wait_for 10 "Redis" bash -c "REDISCLI_AUTH='$REDIS_PASSWORD' ip netns exec '$NS_A' redis-cli -h 10.77.0.10 ping | grep -qx PONG"
wait_for 10 "PostgreSQL from host A" ip netns exec "$NS_A" pg_isready -h 10.77.0.10 -p 5432

# The environment file both hosts read: deploy/env/pavilion.env.example filled in for this layout
# (mail to the console).
SECRET=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
mkdir -p "$WORK/static" "$WORK/host-a" "$WORK/host-b" "$WORK/shared/media" "$WORK/shared/documents"
# nginx's workers (nobody here, www-data in production) read the shared files: they may pass through
# this run's directory, not list it.
chmod 711 "$WORK"
chmod 755 "$WORK/shared" "$WORK/shared/media" "$WORK/shared/documents" "$WORK/static"
(umask 077 && sed -e "s|^PAVILION_SECRET_KEY=.*|PAVILION_SECRET_KEY=$SECRET|" \
  -e "s|^PAVILION_DATABASE_URL=.*|PAVILION_DATABASE_URL=postgres://$PG_USER@10.77.0.10:5432/$DATABASE|" \
  -e "s|^PAVILION_REDIS_URL=.*|PAVILION_REDIS_URL=redis://:$REDIS_PASSWORD@10.77.0.10:6379/0|" \
  -e "s|events\.example\.org|pavilion.test|g" \
  -e "s|^PAVILION_DB_POOL_SIZE=.*|PAVILION_DB_POOL_SIZE=4|" -e "s|^PAVILION_EMAIL_URL=.*|PAVILION_EMAIL_URL=console://|" \
  -e "s|/var/lib/pavilion/static|$WORK/static|" -e "s|/srv/pavilion/|$WORK/shared/|g" \
  -e "s|^FORWARDED_ALLOW_IPS=.*|FORWARDED_ALLOW_IPS=127.0.0.1,10.77.0.3|" \
  "$REPO/deploy/env/pavilion.env.example" >"$WORK/pavilion.env")
# with_env VAR=value… COMMAND…: the command with the environment file read as the unit reads it, then
# this host's own directory (PAVILION_VAR_DIR) and this checkout's code.
WITH_ENV=(bash -c 'set -a; . "$0"; set +a; exec env "$@"' "$WORK/pavilion.env")
# run_in NAMESPACE HOST COMMAND…
run_in() {
  local ns=$1 host=$2
  shift 2
  ip netns exec "$ns" "${WITH_ENV[@]}" PAVILION_VAR_DIR="$WORK/$host" PYTHONPATH="$REPO/src:$REPO" "$@"
}

say "release steps on host A: migrate, collectstatic (once for the release, shared by both hosts here)"
# One after the other: side by side they only take CPU from each other on two cores.
run_in "$NS_A" host-a "$PYTHON" -m pavilion migrate --no-input -v0
say "migrated"
run_in "$NS_A" host-a "$PYTHON" -m pavilion collectstatic --no-input -v0
say "static files collected"
SESSION=$(run_in "$NS_A" host-a "$PYTHON" "$HERE/client.py" seed)
say "seeded a live session: $SESSION"

say "hosts: nginx and pavilion serve --workers 2 on host A and host B"
for host in a b; do
  ns_var="NS_${host^^}"
  address="10.77.0.$([ $host = a ] && echo 1 || echo 2)"
  # As pavilion.service runs it: on the host's loopback, behind its nginx.
  start "host-$host" "${!ns_var}" "${WITH_ENV[@]}" PAVILION_VAR_DIR="$WORK/host-$host" \
    PYTHONPATH="$REPO/src:$REPO" "$PYTHON" -m pavilion serve --host 127.0.0.1 --port 8000 --workers 2
  # deploy/nginx/pavilion.conf with this host's address and the shared directories, inside a minimal
  # nginx.conf of this run (Debian's /etc/nginx/nginx.conf would use the machine's paths).
  mkdir -p "$WORK/nginx-$host"
  sed -e "s/listen 10\.0\.0\.11:80;/listen $address:80;/" -e "s|/srv/pavilion/|$WORK/shared/|" -e "s|root /var/lib/pavilion;|root $WORK;|" \
    "$REPO/deploy/nginx/pavilion.conf" >"$WORK/nginx-$host/site.conf"
  cat >"$WORK/nginx-$host/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $WORK/nginx-$host/nginx.pid;
error_log stderr;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $WORK/nginx-$host/body;
    proxy_temp_path $WORK/nginx-$host/proxy;
    fastcgi_temp_path $WORK/nginx-$host/fastcgi;
    uwsgi_temp_path $WORK/nginx-$host/uwsgi;
    scgi_temp_path $WORK/nginx-$host/scgi;
    include $WORK/nginx-$host/site.conf;
}
NGINX
  ip netns exec "${!ns_var}" nginx -q -t -e stderr -p "$WORK/nginx-$host" -c "$WORK/nginx-$host/nginx.conf"
  start "nginx-$host" "${!ns_var}" nginx -e stderr -p "$WORK/nginx-$host" -c "$WORK/nginx-$host/nginx.conf"
done

# A certificate for https://pavilion.test, made for this run and trusted only by its clients.
mkdir -p "$WORK/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=pavilion.test -addext subjectAltName=DNS:pavilion.test \
  -keyout "$WORK/tls/key.pem" -out "$WORK/tls/cert.pem" 2>/dev/null
cat "$WORK/tls/cert.pem" "$WORK/tls/key.pem" >"$WORK/tls/pavilion.pem"
# deploy/haproxy/haproxy.cfg with this layout's addresses and certificate, in the foreground (-db),
# logging to its output, without the admin socket (shared by every haproxy on the machine).
sed -e '/stats socket/d' -e 's|log /dev/log local0|log stderr format raw local0|' -e '/^ *daemon$/d' \
  -e 's/bind :80$/bind 10.77.0.3:80/' -e "s|bind :443 ssl crt /etc/haproxy/certs/pavilion.pem|bind 10.77.0.3:443 ssl crt $WORK/tls/pavilion.pem|" \
  -e 's/10\.0\.0\.11:80$/10.77.0.1:80/' -e 's/10\.0\.0\.12:80$/10.77.0.2:80/' \
  -e 's/pavilion\.example\.org/pavilion.test/' -e 's/maxconn 60000/maxconn 2000/' \
  "$REPO/deploy/haproxy/haproxy.cfg" >"$WORK/haproxy.cfg"
# Say which host answered, so the checks know where each socket landed (test only).
sed -i "s|^backend pavilion$|backend pavilion\n    http-response set-header X-Pavilion-Host %[srv_name]|" "$WORK/haproxy.cfg"
haproxy -c -q -f "$WORK/haproxy.cfg"
start haproxy "$NS_LB" haproxy -db -f "$WORK/haproxy.cfg"

for host in 1 2; do
  wait_for 180 "host 10.77.0.$host" ip netns exec "$NS_CLIENTS" \
    curl -fsS -o /dev/null -H "Host: pavilion.test" "http://10.77.0.$host/.pavilion-health"
done
# Both servers healthy in HAProxy's eyes (its checks: every second, two good ones in a row).
# A browser's view: https://pavilion.test leads to the balancer, whose certificate it trusts.
browse() { ip netns exec "$NS_CLIENTS" curl --resolve pavilion.test:443:10.77.0.3 --resolve pavilion.test:80:10.77.0.3 \
  --cacert "$WORK/tls/cert.pem" "$@"; }
wait_for 30 "both hosts behind the balancer" bash -c "for i in 1 2 3 4; do ip netns exec '$NS_CLIENTS' curl -fsS -D - -o /dev/null \
  --resolve pavilion.test:443:10.77.0.3 --cacert '$WORK/tls/cert.pem' https://pavilion.test/en/; done \
  | grep -i '^x-pavilion-host' | sort -u | wc -l | grep -qx 2"
say "both hosts serve pages through the balancer over HTTPS"
# Plain HTTP is sent to HTTPS; Pavilion knows the request was secure (X-Forwarded-Proto from HAProxy
# through nginx to uvicorn): it answers with Strict-Transport-Security, which it sends only then.
[ "$(browse -sS -o /dev/null -w '%{http_code} %{redirect_url}' http://pavilion.test/en/)" = "301 https://pavilion.test/en/" ] \
  || { echo "two-hosts: FAILED: http:// is not redirected to https://" >&2; exit 1; }
browse -fsS -D - -o /dev/null https://pavilion.test/en/ | grep -qi '^strict-transport-security: max-age=31536000' \
  || { echo "two-hosts: FAILED: Pavilion does not see the request as HTTPS (no Strict-Transport-Security)" >&2; exit 1; }
# An upload made through one host is served by both, from the shared storage, by their nginx.
echo "logo bytes $RUN" >"$WORK/shared/media/logo-$RUN.txt"
for _ in 1 2; do
  browse -fsS "https://pavilion.test/media/logo-$RUN.txt" | grep -qx "logo bytes $RUN"
done
# …and the private documents are not reachable from outside.
echo "restricted" >"$WORK/shared/documents/secret.pdf"
status=$(browse -sS -o /dev/null -w '%{http_code}' https://pavilion.test/internal-documents/secret.pdf)
[ "$status" = 404 ] || { echo "two-hosts: FAILED: /internal-documents/ answered $status from outside" >&2; exit 1; }
# Static files come from each host's nginx, hashed names cached for a year.
hashed=$(browse -fsS https://pavilion.test/en/ | grep -o '/static/[^"]*\.[0-9a-f]\{12\}\.css' | head -n 1)
browse -fsS -D - -o /dev/null -H "Accept-Encoding: gzip" "https://pavilion.test$hashed" \
  | grep -qi '^cache-control: public, max-age=31536000, immutable' \
  || { echo "two-hosts: FAILED: $hashed is not served with a year's cache by nginx" >&2; exit 1; }
say "media files served by both hosts from the shared storage, static files by nginx ($hashed); documents not reachable from outside"

say "checks (client.py): order across hosts, presence and reactions, failover of host A"
run_in "$NS_CLIENTS" clients "$PYTHON" "$HERE/client.py" run --session "$SESSION" \
  --site https://pavilion.test --balancer 10.77.0.3 --cafile "$WORK/tls/cert.pem" --stop-host-a "$(cat "$WORK/host-a.pid")"
say "done"
