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

declare -A best=([none]=0 [microsoft]=0 [corskit]=0) all=([none]="" [microsoft]="" [corskit]="")
for round in $(seq "$rounds"); do
  for mode in none microsoft corskit; do
    # warm-up, then the measured run
    wrk -t1 -c"$connections" -d2s -H 'Origin: https://app.example.com' "http://127.0.0.1:${port[$mode]}/api" >/dev/null
    rps=$(wrk -t1 -c"$connections" -d"$duration" -H 'Origin: https://app.example.com' "http://127.0.0.1:${port[$mode]}/api" \
      | awk '/Requests\/sec/ {print $2}')
    echo "round $round  $mode  $rps req/s"
    all[$mode]="${all[$mode]} $rps"
    if awk -v a="$rps" -v b="${best[$mode]}" 'BEGIN{exit !(a>b)}'; then best[$mode]=$rps; fi
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
declare -A med
for mode in none microsoft corskit; do med[$mode]=$(echo "${all[$mode]}" | median); done

echo
echo "$rounds rounds, wrk -t1 -c$connections -d$duration, every request with an allowed Origin:"
printf '  %-10s %12s %12s\n' mode best median
for mode in none microsoft corskit; do printf '  %-10s %12.0f %12.0f\n' "$mode" "${best[$mode]}" "${med[$mode]}"; done
for stat in best median; do
  if [ $stat = best ]; then n=${best[none]} m=${best[microsoft]} k=${best[corskit]}; else n=${med[none]} m=${med[microsoft]} k=${med[corskit]}; fi
  awk -v s=$stat -v n="$n" -v m="$m" -v k="$k" 'BEGIN {
    printf "  %-6s corskit/none = %.3f   microsoft/none = %.3f   corskit/microsoft = %.3f\n", s, k/n, m/n, k/m }'
done
