#!/usr/bin/env bash
# End-to-end throughput on loopback: wrk against three Kestrel apps serving the same endpoint with no CORS,
# with Microsoft.AspNetCore.Cors, and with CorsKit (bench/CorsKit.E2EServer). Every request carries an allowed
# Origin, so both middlewares do their full work. Prints requests/second and the ratios to "no CORS".
# Usage: bench/e2e.sh [duration=10s] [connections=32] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}; connections=${2:-32}; rounds=${3:-3}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }

dotnet build bench/CorsKit.E2EServer/CorsKit.E2EServer.csproj -c Release -nologo -v q >/dev/null
server=bench/CorsKit.E2EServer/bin/Release/net10.0/CorsKit.E2EServer

declare -A port=([none]=18081 [microsoft]=18082 [corskit]=18083)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
for mode in none microsoft corskit; do
  "$server" "$mode" "${port[$mode]}" & pids+=($!)
done
for mode in none microsoft corskit; do
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:${port[$mode]}/api" >/dev/null 2>&1 && break; sleep 0.2; done
done

# Sanity: the CORS apps really answer with Access-Control-Allow-Origin.
for mode in microsoft corskit; do
  curl -fsi -H 'Origin: https://app.example.com' "http://127.0.0.1:${port[$mode]}/api" | grep -qi '^access-control-allow-origin: https://app.example.com' \
    || { echo "$mode did not send Access-Control-Allow-Origin"; exit 1; }
done

declare -A best=([none]=0 [microsoft]=0 [corskit]=0)
for round in $(seq "$rounds"); do
  for mode in none microsoft corskit; do
    # warm-up, then the measured run
    wrk -t1 -c"$connections" -d2s -H 'Origin: https://app.example.com' "http://127.0.0.1:${port[$mode]}/api" >/dev/null
    rps=$(wrk -t1 -c"$connections" -d"$duration" -H 'Origin: https://app.example.com' "http://127.0.0.1:${port[$mode]}/api" \
      | awk '/Requests\/sec/ {print $2}')
    echo "round $round  $mode  $rps req/s"
    if awk -v a="$rps" -v b="${best[$mode]}" 'BEGIN{exit !(a>b)}'; then best[$mode]=$rps; fi
  done
done

echo
echo "best of $rounds rounds (wrk -t1 -c$connections -d$duration, Origin allowed):"
for mode in none microsoft corskit; do printf '  %-10s %12.0f req/s\n' "$mode" "${best[$mode]}"; done
awk -v n="${best[none]}" -v m="${best[microsoft]}" -v k="${best[corskit]}" 'BEGIN {
  printf "  corskit / none      = %.3f (%.1f%% below no CORS)\n", k/n, (1-k/n)*100
  printf "  microsoft / none    = %.3f (%.1f%% below no CORS)\n", m/n, (1-m/n)*100
  printf "  corskit / microsoft = %.3f\n", k/m }'
