#!/usr/bin/env bash
# Throughput on loopback, in one run, of the same upstream (bench/CorsKit.E2EServer "none": GET /api answers "ok")
# reached five ways: directly; through `corskit proxy --quiet`; through `corskit gateway` (one route, quiet); through
# YARP's direct forwarder alone (CorsKit.E2EServer "yarp": MapForwarder, no CORS, none of the gateway's rules; the floor
# of any proxy built on YARP, run with the CLI's runtime settings); and through nginx with the everyday CORS allow-list
# configuration (a map of allowed origins, preflights answered by an `if`, the upstream's Access-Control-Allow-Origin
# hidden, upstream keep-alive; no access log). Every request carries an allowed Origin. With two or more CPUs the
# upstream and the proxy under test share CPU 0 and wrk runs on CPU 1, so a proxy's cost shows as lost throughput on the
# server side. Each side gets the same one core: nginx runs one worker (worker_processes = the cores it is pinned to),
# and .NET, pinned the same way, sizes its thread pool and socket engine for one processor; both keep connections to
# the upstream alive.
# Besides requests/s and latency, each row shows the CPU time (user + system, /proc/PID/stat) the proxy and the upstream
# spent per request during that load run: on a machine shared with other work this is steadier than requests/s, and
# it is what decides the ratio when the proxy and the upstream share one core.
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
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT

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

for port in 18101 18102 18103 18104 18105; do
  # A port another program holds would be measured instead of ours.
  if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use; stop what listens there"; exit 1; fi
done
cli=src/CorsKit.Cli/bin/Release/net10.0/CorsKit.Cli.dll
"${server_cpu[@]}" bench/CorsKit.E2EServer/bin/Release/net10.0/CorsKit.E2EServer none 18101 >/dev/null & pids+=($!)
"${server_cpu[@]}" dotnet "$cli" proxy --to http://127.0.0.1:18101 --origin https://app.example.com --listen 127.0.0.1:18102 --quiet >/dev/null & pids+=($!)
"${server_cpu[@]}" dotnet "$cli" gateway --config "$work/gateway.json" --quiet >/dev/null & pids+=($!)
"${server_cpu[@]}" "$nginx" -p "$work/nginx" -c nginx.conf & pids+=($!); nginx_master=$!
# The floor runs with the runtime settings the CLI ships (src/CorsKit.Cli/CorsKit.Cli.csproj), so that it differs from
# `corskit proxy` only in the code on the request path.
DOTNET_gcServer=0 DOTNET_TieredPGO=0 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 \
  "${server_cpu[@]}" bench/CorsKit.E2EServer/bin/Release/net10.0/CorsKit.E2EServer yarp 18105 http://127.0.0.1:18101 >/dev/null & pids+=($!)
for port in 18101 18102 18103 18104 18105; do
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api" >/dev/null 2>&1 && break; sleep 0.1; done
done
for port in 18102 18103 18104; do
  curl -fsi -H 'Origin: https://app.example.com' "http://127.0.0.1:$port/api" | grep -qi '^access-control-allow-origin: https://app.example.com' \
    || { echo "port $port did not answer with Access-Control-Allow-Origin"; exit 1; }
done
declare -A name=([18101]=direct [18102]=proxy [18103]=gateway [18105]=yarp-only [18104]=nginx)
# The process serving each port (taskset execs the program; nginx's worker is the master's one child).
declare -A pid_of=([18101]=${pids[0]} [18102]=${pids[1]} [18103]=${pids[2]} [18104]=$(pgrep -P "$nginx_master" | head -1) [18105]=${pids[4]})
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
load() { "${client_cpu[@]}" wrk -t1 -c"$connections" -d"$1" --latency -H 'Origin: https://app.example.com' "http://127.0.0.1:$2/api"; }
order=(18101 18102 18103 18105 18104)
for port in "${order[@]}"; do load 15s "$port" >/dev/null; done   # warm-up (tiered compilation)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-9s %11s %11s %11s %13s %13s\n' target requests/s "p50 latency" "p99 latency" "proxy CPU/req" "upstream CPU/req"
for round in $(seq "$rounds"); do
  for port in "${order[@]}"; do
    proxy_before=$(cpu "${pid_of[$port]}"); upstream_before=$(cpu "${pid_of[18101]}")
    out=$(load "$duration" "$port")
    proxy_after=$(cpu "${pid_of[$port]}"); upstream_after=$(cpu "${pid_of[18101]}")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    per_request() { awk -v t="$(($2 - $1))" -v hz="$ticks" -v n="$requests" 'BEGIN {printf "%.1f us", t * 1e6 / hz / n}'; }
    proxy_cpu=$([ "$port" = 18101 ] && echo - || per_request "$proxy_before" "$proxy_after")
    printf '%-9s %11.0f %11s %11s %13s %13s\n' "${name[$port]}" "$rps" "$p50" "$p99" "$proxy_cpu" "$(per_request "$upstream_before" "$upstream_after")"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
