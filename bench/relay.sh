#!/usr/bin/env bash
# Throughput of `corskit relay` against cors-anywhere (npm, the Node CORS proxy it does the job of) on loopback: wrk
# straight to an upstream (bench/CorsKit.E2EServer "none": GET /api answers "ok"), and to the same upstream through
# cors-anywhere and through `corskit relay` (quiet; the rate limiter on with a limit wrk cannot reach, so its cost is
# measured). Every request carries an allowed Origin. With two or more CPUs the upstream and the proxy share CPU 0 and
# wrk runs on CPU 1, as in bench/gateway.sh. cors-anywhere is installed under bench/relay/ by `npm ci` (pinned by
# bench/relay/package-lock.json).
# Usage: bench/relay.sh [duration=10s] [connections=32] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}; connections=${2:-32}; rounds=${3:-3}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
command -v node >/dev/null || { echo "node is not installed (apt-get install nodejs npm)"; exit 2; }
[ -d bench/relay/node_modules/cors-anywhere ] || (cd bench/relay && npm ci --no-audit --no-fund >/dev/null)
dotnet build bench/CorsKit.E2EServer/CorsKit.E2EServer.csproj -c Release -nologo -v q >/dev/null
dotnet build src/CorsKit.Cli/CorsKit.Cli.csproj -c Release -nologo -v q >/dev/null
# cors-anywhere would send its requests through a proxy named in the environment (proxy-from-env).
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
server_cpu=(); client_cpu=()
if [ "$(nproc)" -ge 2 ]; then server_cpu=(taskset -c 0); client_cpu=(taskset -c 1); fi
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
upstream=http://127.0.0.1:18201
"${server_cpu[@]}" bench/CorsKit.E2EServer/bin/Release/net10.0/CorsKit.E2EServer none 18201 >/dev/null & pids+=($!)
"${server_cpu[@]}" node bench/relay/cors-anywhere-server.js 18202 >/dev/null & pids+=($!)
cli=src/CorsKit.Cli/bin/Release/net10.0/CorsKit.Cli.dll
"${server_cpu[@]}" dotnet "$cli" relay --listen 127.0.0.1:18203 --allow-origin https://app.example.com \
  --allow-target "$upstream" --allow-private-target 127.0.0.1/32 --rate-limit 1000000000 --quiet >/dev/null & pids+=($!)
declare -A url=([direct]="$upstream/api" [cors-anywhere]="http://127.0.0.1:18202/$upstream/api" [corskit-relay]="http://127.0.0.1:18203/$upstream/api")
order=(direct cors-anywhere corskit-relay)
for name in "${order[@]}"; do
  for _ in $(seq 100); do curl -fs -H 'Origin: https://app.example.com' "${url[$name]}" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fsi -H 'Origin: https://app.example.com' "${url[$name]}" | tr -d '\r' | grep -q '^ok$' || { echo "$name did not answer ok"; exit 1; }
done
for name in cors-anywhere corskit-relay; do
  curl -fsi -H 'Origin: https://app.example.com' "${url[$name]}" | grep -qi '^access-control-allow-origin:' \
    || { echo "$name did not answer with Access-Control-Allow-Origin"; exit 1; }
done
load() { "${client_cpu[@]}" wrk -t1 -c"$connections" -d"$1" --latency -H 'Origin: https://app.example.com' "$2"; }
for name in "${order[@]}"; do load 10s "${url[$name]}" >/dev/null; done   # warm-up (tiered PGO, V8)
printf '%-14s %12s %12s %12s\n' target requests/s "p50 latency" "p99 latency"
declare -A total=()
for round in $(seq "$rounds"); do
  for name in "${order[@]}"; do
    out=$(load "$duration" "${url[$name]}")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
    printf '%-14s %12.0f %12s %12s %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
    total[$name]=$(echo "${total[$name]:-0} + $rps" | bc -l)
  done
done
printf 'corskit relay / cors-anywhere: %.2fx (mean requests/s over %s rounds)\n' "$(echo "${total[corskit-relay]} / ${total[cors-anywhere]}" | bc -l)" "$rounds"
