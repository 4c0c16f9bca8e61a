#!/usr/bin/env bash
# End-to-end throughput on loopback: wrk against Kestrel apps serving the same endpoint with no CORS ("none"), with
# Microsoft.AspNetCore.Cors ("microsoft") and with CorsKit ("corskit") (bench/CorsKit.E2EServer). Every request
# carries an allowed Origin, so both middlewares do their full work. "headers" is the no-CORS app plus a middleware
# that only writes the four response headers of an allowed request: the cost of sending them, which any CORS
# implementation pays, so corskit / headers isolates CorsKit's own work.
#
# Method (why it looks like this): on this 2-core VM a mode's throughput drifts by ±5 % from one 15 s run to the next,
# and each server process gets its own code layout from tiered PGO, which can shift a mode by a few percent for the
# life of the process. Both are larger than the 2 % being measured, so:
#   - the modes are interleaved in short runs (default 3 s), in a rotated order each round, and the figure of record
#     is the per-round ratio (corskit / none measured seconds apart), not a ratio of separate long runs;
#   - the servers are restarted `blocks` times (fresh processes, fresh JIT), and the medians are over every round of
#     every block; the quartiles show the spread.
# With two or more CPUs the servers run on CPU 0 and wrk on CPU 1 (taskset), so the client does not steal the
# server's core (the server is the bottleneck: 100 % of CPU 0, wrk about 60 % of CPU 1); set PIN=0 to disable.
# Usage: [WARM=20s] bench/e2e.sh [duration=3s] [connections=32] [rounds per block=10] [blocks=3]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-3s}; connections=${2:-32}; rounds=${3:-10}; blocks=${4:-3}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }

server_cpu=(); client_cpu=()
if [ "${PIN:-1}" = 1 ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  server_cpu=(taskset -c 0); client_cpu=(taskset -c 1)
fi

dotnet build bench/CorsKit.E2EServer/CorsKit.E2EServer.csproj -c Release -nologo -v q >/dev/null
server=bench/CorsKit.E2EServer/bin/Release/net10.0/CorsKit.E2EServer

modes=(none headers microsoft corskit)
declare -A port=([none]=18081 [headers]=18084 [microsoft]=18082 [corskit]=18083)
pids=()
stop_servers() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; pids=(); }
trap stop_servers EXIT

start_servers() {
  for mode in "${modes[@]}"; do
    DOTNET_TieredPGO=1 "${server_cpu[@]}" "$server" "$mode" "${port[$mode]}" & pids+=($!)
  done
  for mode in "${modes[@]}"; do
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:${port[$mode]}/api" >/dev/null 2>&1 && break; sleep 0.1; done
  done
  # Sanity: the CORS apps really answer with Access-Control-Allow-Origin.
  for mode in headers microsoft corskit; do
    curl -fsi -H 'Origin: https://app.example.com' "http://127.0.0.1:${port[$mode]}/api" | grep -qi '^access-control-allow-origin: https://app.example.com' \
      || { echo "$mode did not send Access-Control-Allow-Origin"; exit 1; }
  done
}

load() { "${client_cpu[@]}" wrk -t1 -c"$connections" -d"$1" -H 'Origin: https://app.example.com' "http://127.0.0.1:${port[$2]}/api"; }

declare -A all=([none]="" [headers]="" [microsoft]="" [corskit]="")
ratios_k=""; ratios_m=""; ratios_h=""; ratios_hn=""
round_no=0
for block in $(seq "$blocks"); do
  start_servers
  # Warm every server up before any measured round of this block: with the server pinned to one core, tiered PGO
  # needs more than 10 s under load before no instrumented code is left (bench/profile/run.sh reports 8.8 % of samples
  # in instrumented code after 8 s, none after 30 s), and a first round after a 5 s warm-up ran 20-30 % slow.
  for mode in "${modes[@]}"; do load "${WARM:-20s}" "$mode" >/dev/null; done
  for round in $(seq "$rounds"); do
    round_no=$((round_no + 1))
    # rotate the order so that no mode always runs first (or last) in a round
    shift_by=$(( (round_no - 1) % ${#modes[@]} ))
    order=("${modes[@]:$shift_by}" "${modes[@]:0:$shift_by}")
    declare -A this=()
    for mode in "${order[@]}"; do
      rps=$(load "$duration" "$mode" | awk '/Requests\/sec/ {print $2}')
      this[$mode]=$rps
      all[$mode]="${all[$mode]} $rps"
    done
    rk=$(awk -v k="${this[corskit]}" -v n="${this[none]}" 'BEGIN{printf "%.4f", k/n}')
    rm=$(awk -v m="${this[microsoft]}" -v n="${this[none]}" 'BEGIN{printf "%.4f", m/n}')
    rh=$(awk -v k="${this[corskit]}" -v h="${this[headers]}" 'BEGIN{printf "%.4f", k/h}')
    rhn=$(awk -v h="${this[headers]}" -v n="${this[none]}" 'BEGIN{printf "%.4f", h/n}')
    ratios_k="$ratios_k $rk"; ratios_m="$ratios_m $rm"; ratios_h="$ratios_h $rh"; ratios_hn="$ratios_hn $rhn"
    printf 'block %d round %2d  none %8.0f  headers %8.0f  microsoft %8.0f  corskit %8.0f   corskit/none %s  microsoft/none %s  corskit/headers %s\n' \
      "$block" "$round" "${this[none]}" "${this[headers]}" "${this[microsoft]}" "${this[corskit]}" "$rk" "$rm" "$rh"
  done
  stop_servers
done

# quartiles (nearest rank) and median of a list of numbers
stats() { tr ' ' '\n' | grep -v '^$' | sort -g | awk -v f="${1:-%.3f}" '{v[NR]=$1} END {
  q1=v[int((NR+3)/4)]; q3=v[int((3*NR+3)/4)]; med=(NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2
  printf "median " f "  (quartiles " f "–" f ", %d rounds)", med, q1, q3, NR }'; }

echo
echo "$blocks blocks × $rounds rounds, wrk -t1 -c$connections -d$duration per mode per round, every request with an allowed Origin${server_cpu:+ (servers on CPU 0, wrk on CPU 1)}."
echo "Requests/second over all rounds:"
for mode in "${modes[@]}"; do printf '  %-10s %s\n' "$mode" "$(echo "${all[$mode]}" | stats %.0f)"; done
echo "Per-round ratios:"
echo "  corskit/none     $(echo "$ratios_k" | stats)"
echo "  microsoft/none   $(echo "$ratios_m" | stats)"
echo "  headers/none     $(echo "$ratios_hn" | stats)"
echo "  corskit/headers  $(echo "$ratios_h" | stats)"
