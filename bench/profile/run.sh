#!/usr/bin/env bash
# Where a CORS-enabled Kestrel app spends its CPU: runs bench/CorsKit.E2EServer in one mode under wrk, records the
# server process with `perf record -g` once tiered compilation has settled, and prints the share of samples whose
# stack is inside the middleware's own frames (bench/profile/attribute.py explains the rule). This is the precise
# complement to bench/e2e.sh, whose throughput ratios on this VM carry ±3 % of noise per round.
# Needs Linux perf (Debian package linux-perf) and wrk. Usage: bench/profile/run.sh [corskit|microsoft] [warm=30s] [record seconds=10]
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-corskit}; warm=${2:-30s}; seconds=${3:-10}
command -v perf >/dev/null || { echo "perf is not installed (apt-get install linux-perf)"; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
dotnet build bench/CorsKit.E2EServer/CorsKit.E2EServer.csproj -c Release -nologo -v q >/dev/null
server=bench/CorsKit.E2EServer/bin/Release/net10.0/CorsKit.E2EServer
out=$(mktemp -d)
port=18096
pin_server=(); pin_client=()
if [ "$(nproc)" -ge 2 ]; then pin_server=(taskset -c 0); pin_client=(taskset -c 1); fi
# Perf map (3 = the map file only) so perf can name JIT-compiled frames; W^X off so the code has one address.
DOTNET_PerfMapEnabled=3 DOTNET_EnableWriteXorExecute=0 DOTNET_TieredPGO=1 "${pin_server[@]}" "$server" "$mode" "$port" >/dev/null & pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$out" /tmp/perf-$pid.map' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api" >/dev/null 2>&1 && break; sleep 0.1; done
load() { "${pin_client[@]}" wrk -t1 -c32 -d"$1" -H 'Origin: https://app.example.com' "http://127.0.0.1:$port/api"; }
load "$warm" >/dev/null
load "$((seconds + 4))s" > "$out/wrk.txt" & wrk_pid=$!
sleep 1
perf record -F 2000 -g -p "$pid" -o "$out/perf.data" -- sleep "$seconds" >/dev/null 2>&1
wait "$wrk_pid"
echo "mode $mode: $(awk '/Requests\/sec/ {print $2}' "$out/wrk.txt") requests/s while recorded"
perf script -i "$out/perf.data" 2>/dev/null | python3 bench/profile/attribute.py "$mode"
