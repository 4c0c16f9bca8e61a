#!/usr/bin/env bash
# Throughput on loopback, in one run, of the same upstream (bench/CorsKit.E2EServer "none": GET /api answers "ok")
# reached four ways: directly; through `corskit proxy --quiet`; through `corskit gateway` (one route, quiet); and
# through nginx with the everyday CORS allow-list configuration (a map of allowed origins, preflights answered by an
# `if`, the upstream's Access-Control-Allow-Origin hidden, upstream keep-alive; one worker, no access log). Every request
# carries an allowed Origin. With two or more CPUs the upstream and the proxy under test share CPU 0 and wrk runs on
# CPU 1, so a proxy's cost shows as lost throughput on the server side.
# Usage: bench/gateway.sh [duration=10s] [connections=32] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}; connections=${2:-32}; rounds=${3:-3}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "nginx is not installed (apt-get install nginx; test.sh installs it)"; exit 2; }
dotnet build bench/CorsKit.E2EServer/CorsKit.E2EServer.csproj -c Release -nologo -v q >/dev/null
dotnet build src/CorsKit.Cli/CorsKit.Cli.csproj -c Release -nologo -v q >/dev/null
server_cpu=(); client_cpu=()
if [ "$(nproc)" -ge 2 ]; then server_cpu=(taskset -c 0); client_cpu=(taskset -c 1); fi
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

cat > "$work/gateway.json" <<'JSON'
{
  "listen": "127.0.0.1:18103",
  "policies": { "web": { "origins": ["https://app.example.com"] } },
  "routes": [ { "path": "/", "to": "http://127.0.0.1:18101", "policy": "web" } ]
}
JSON
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<'NGINX'
worker_processes 1;
daemon off;
pid nginx.pid;
error_log stderr error;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp; uwsgi_temp_path tmp; scgi_temp_path tmp;
  map $http_origin $cors_origin { default ""; "https://app.example.com" $http_origin; }
  upstream api { server 127.0.0.1:18101; keepalive 64; }
  server {
    listen 127.0.0.1:18104;
    location / {
      if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin $cors_origin always;
        add_header Access-Control-Allow-Methods "GET, POST, PUT, DELETE" always;
        add_header Access-Control-Allow-Headers "Content-Type, Authorization" always;
        add_header Access-Control-Max-Age 600 always;
        add_header Vary Origin always;
        return 204;
      }
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_hide_header Access-Control-Allow-Origin;
      add_header Access-Control-Allow-Origin $cors_origin always;
      add_header Vary Origin always;
    }
  }
}
NGINX
mkdir -p "$work/nginx/tmp"

for port in 18101 18102 18103 18104; do
  # A port another program holds would be measured instead of ours.
  if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use; stop what listens there"; exit 1; fi
done
cli=src/CorsKit.Cli/bin/Release/net10.0/CorsKit.Cli.dll
"${server_cpu[@]}" bench/CorsKit.E2EServer/bin/Release/net10.0/CorsKit.E2EServer none 18101 >/dev/null & pids+=($!)
"${server_cpu[@]}" dotnet "$cli" proxy --to http://127.0.0.1:18101 --origin https://app.example.com --listen 127.0.0.1:18102 --quiet >/dev/null & pids+=($!)
"${server_cpu[@]}" dotnet "$cli" gateway --config "$work/gateway.json" --quiet >/dev/null & pids+=($!)
"${server_cpu[@]}" "$nginx" -p "$work/nginx" -c nginx.conf & pids+=($!)
for port in 18101 18102 18103 18104; do
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api" >/dev/null 2>&1 && break; sleep 0.1; done
done
for port in 18102 18103 18104; do
  curl -fsi -H 'Origin: https://app.example.com' "http://127.0.0.1:$port/api" | grep -qi '^access-control-allow-origin: https://app.example.com' \
    || { echo "port $port did not answer with Access-Control-Allow-Origin"; exit 1; }
done
declare -A name=([18101]=direct [18102]=proxy [18103]=gateway [18104]=nginx)
load() { "${client_cpu[@]}" wrk -t1 -c"$connections" -d"$1" --latency -H 'Origin: https://app.example.com' "http://127.0.0.1:$2/api"; }
for port in 18101 18102 18103 18104; do load 15s "$port" >/dev/null; done   # warm-up (tiered PGO)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %12s %12s %12s\n' target requests/s "p50 latency" "p99 latency"
for round in $(seq "$rounds"); do
  for port in 18101 18102 18103 18104; do
    out=$(load "$duration" "$port")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    printf '%-8s %12.0f %12s %12s\n' "${name[$port]}" "$rps" "$p50" "$p99"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
