#!/usr/bin/env bash
# Throughput of `corskit proxy` on loopback: wrk straight to an upstream (bench/CorsKit.E2EServer "none": GET /api
# answers "ok") and to the same upstream through `corskit proxy`, quiet and with its line per request (sent to
# /dev/null). Every request carries an allowed Origin. With two or more CPUs the upstream and the proxy share CPU 0 and
# wrk runs on CPU 1, so the proxy's cost shows as lost throughput on the server side.
# Usage: bench/gateway.sh [duration=10s] [connections=32] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}; connections=${2:-32}; rounds=${3:-3}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
dotnet build bench/CorsKit.E2EServer/CorsKit.E2EServer.csproj -c Release -nologo -v q >/dev/null
dotnet build src/CorsKit.Cli/CorsKit.Cli.csproj -c Release -nologo -v q >/dev/null
server_cpu=(); client_cpu=()
if [ "$(nproc)" -ge 2 ]; then server_cpu=(taskset -c 0); client_cpu=(taskset -c 1); fi
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
"${server_cpu[@]}" bench/CorsKit.E2EServer/bin/Release/net10.0/CorsKit.E2EServer none 18101 >/dev/null & pids+=($!)
cli=src/CorsKit.Cli/bin/Release/net10.0/CorsKit.Cli.dll
"${server_cpu[@]}" dotnet "$cli" proxy --to http://127.0.0.1:18101 --origin https://app.example.com --listen 127.0.0.1:18102 --quiet >/dev/null & pids+=($!)
"${server_cpu[@]}" dotnet "$cli" proxy --to http://127.0.0.1:18101 --origin https://app.example.com --listen 127.0.0.1:18103 >/dev/null & pids+=($!)
for port in 18101 18102 18103; do
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api" >/dev/null 2>&1 && break; sleep 0.1; done
done
curl -fsi -H 'Origin: https://app.example.com' http://127.0.0.1:18102/api | grep -qi '^access-control-allow-origin: https://app.example.com' \
  || { echo "the proxy did not answer with Access-Control-Allow-Origin"; exit 1; }
declare -A name=([18101]=direct [18102]=proxy-quiet [18103]=proxy-logging)
load() { "${client_cpu[@]}" wrk -t1 -c"$connections" -d"$1" --latency -H 'Origin: https://app.example.com' "http://127.0.0.1:$2/api"; }
for port in 18101 18102 18103; do load 15s "$port" >/dev/null; done   # warm-up (tiered PGO)
printf '%-14s %12s %12s %12s\n' target requests/s "p50 latency" "p99 latency"
for round in $(seq "$rounds"); do
  for port in 18101 18102 18103; do
    out=$(load "$duration" "$port")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    printf '%-14s %12.0f %12s %12s\n' "${name[$port]}" "$rps" "$p50" "$p99"
  done
done
