#!/usr/bin/env bash
# End-to-end throughput on loopback: wrk against three Kestrel apps serving the same endpoint with no CORS,
# with Microsoft.AspNetCore.Cors, and with CorsKit (bench/CorsKit.E2EServer). Every request carries an allowed
# Origin, so both middlewares do their full work. Prints requests/second and the ratios to "no CORS".
#
# Drift (other load, CPU frequency, the loopback stack) moves all three modes together, so the modes are interleaved
# within every round, in a rotated order each round, and the figure of record is the per-round ratio
# (corskit / none in the same round), of which the median over the rounds is reported next to best-of-N.
# With two or more CPUs the servers run on CPU 0 and wrk on CPU 1 (taskset), so the client does not steal the
# server's core; set PIN=0 to disable.
# Usage: bench/e2e.sh [duration=10s] [connections=32] [rounds=5]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}; connections=${2:-32}; rounds=${3:-5}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }

server_cpu=(); client_cpu=()
if [ "${PIN:-1}" = 1 ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  server_cpu=(taskset -c 0); client_cpu=(taskset -c 1)
fi

dotnet build bench/CorsKit.E2EServer/CorsKit.E2EServer.csproj -c Release -nologo -v q >/dev/null
server=bench/CorsKit.E2EServer/bin/Release/net10.0/CorsKit.E2EServer

modes=(none microsoft corskit)
declare -A port=([none]=18081 [microsoft]=18082 [corskit]=18083)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
for mode in "${modes[@]}"; do
  DOTNET_TieredPGO=1 "${server_cpu[@]}" "$server" "$mode" "${port[$mode]}" & pids+=($!)
done
for mode in "${modes[@]}"; do
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:${port[$mode]}/api" >/dev/null 2>&1 && break; sleep 0.2; done
done

# Sanity: the CORS apps really answer with Access-Control-Allow-Origin.
for mode in microsoft corskit; do
  curl -fsi -H 'Origin: https://app.example.com' "http://127.0.0.1:${port[$mode]}/api" | grep -qi '^access-control-allow-origin: https://app.example.com' \
    || { echo "$mode did not send Access-Control-Allow-Origin"; exit 1; }
done

load() { "${client_cpu[@]}" wrk -t1 -c"$connections" -d"$1" -H 'Origin: https://app.example.com' "http://127.0.0.1:${port[$2]}/api"; }

# Warm every server up (JIT tiers, PGO) before any measured round.
for mode in "${modes[@]}"; do load 5s "$mode" >/dev/null; done

declare -A best=([none]=0 [microsoft]=0 [corskit]=0) all=([none]="" [microsoft]="" [corskit]="")
ratios_k=""; ratios_m=""
for round in $(seq "$rounds"); do
  # rotate the order so that no mode always runs first (or last) in a round
  shift_by=$(( (round - 1) % 3 ))
  order=("${modes[@]:$shift_by}" "${modes[@]:0:$shift_by}")
  declare -A this=()
  for mode in "${order[@]}"; do
    load 1s "$mode" >/dev/null
    rps=$(load "$duration" "$mode" | awk '/Requests\/sec/ {print $2}')
    this[$mode]=$rps
    all[$mode]="${all[$mode]} $rps"
    if awk -v a="$rps" -v b="${best[$mode]}" 'BEGIN{exit !(a>b)}'; then best[$mode]=$rps; fi
  done
  rk=$(awk -v k="${this[corskit]}" -v n="${this[none]}" 'BEGIN{printf "%.4f", k/n}')
  rm=$(awk -v m="${this[microsoft]}" -v n="${this[none]}" 'BEGIN{printf "%.4f", m/n}')
  ratios_k="$ratios_k $rk"; ratios_m="$ratios_m $rm"
  echo "round $round  none ${this[none]}  microsoft ${this[microsoft]}  corskit ${this[corskit]}  corskit/none $rk  microsoft/none $rm"
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
declare -A med
for mode in "${modes[@]}"; do med[$mode]=$(echo "${all[$mode]}" | median); done

echo
echo "$rounds rounds, wrk -t1 -c$connections -d$duration, every request with an allowed Origin${server_cpu:+ (servers on CPU 0, wrk on CPU 1)}:"
printf '  %-10s %12s %12s\n' mode best median
for mode in "${modes[@]}"; do printf '  %-10s %12.0f %12.0f\n' "$mode" "${best[$mode]}" "${med[$mode]}"; done
for stat in best median; do
  if [ $stat = best ]; then n=${best[none]} m=${best[microsoft]} k=${best[corskit]}; else n=${med[none]} m=${med[microsoft]} k=${med[corskit]}; fi
  awk -v s=$stat -v n="$n" -v m="$m" -v k="$k" 'BEGIN {
    printf "  %-6s corskit/none = %.3f   microsoft/none = %.3f   corskit/microsoft = %.3f\n", s, k/n, m/n, k/m }'
done
echo "  per-round ratios: corskit/none median $(echo "$ratios_k" | median) (all:$ratios_k)"
echo "                    microsoft/none median $(echo "$ratios_m" | median) (all:$ratios_m)"
