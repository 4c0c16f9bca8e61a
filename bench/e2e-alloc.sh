#!/usr/bin/env bash
# Allocation per request inside a real Kestrel server, for each E2E mode (none, headers, microsoft, corskit): the
# process's total allocated bytes (GC.GetTotalAllocatedBytes(precise: true), read through the app's /_allocated
# endpoint) before and after a wrk run on keep-alive connections, divided by the number of requests wrk completed.
# This counts what the benchmarks in bench/CorsKit.Benchmarks cannot see: Kestrel's own bookkeeping for the
# middleware (its OnStarting stack is per connection and cleared, not reallocated, between requests).
# Usage: bench/e2e-alloc.sh [duration=5s] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-5s}; connections=${2:-32}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
dotnet build bench/CorsKit.E2EServer/CorsKit.E2EServer.csproj -c Release -nologo -v q >/dev/null
server=bench/CorsKit.E2EServer/bin/Release/net10.0/CorsKit.E2EServer
port=18090
printf '%-10s %12s %14s %16s\n' mode requests "bytes (total)" "bytes/request"
for mode in none headers microsoft corskit; do
  "$server" "$mode" "$port" & pid=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api" >/dev/null 2>&1 && break; sleep 0.1; done
  wrk -t1 -c"$connections" -d3s -H 'Origin: https://app.example.com' "http://127.0.0.1:$port/api" >/dev/null  # warm-up
  before=$(curl -fs "http://127.0.0.1:$port/_allocated")
  requests=$(wrk -t1 -c"$connections" -d"$duration" -H 'Origin: https://app.example.com' "http://127.0.0.1:$port/api" | awk '/requests in/ {print $1}')
  after=$(curl -fs "http://127.0.0.1:$port/_allocated")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk -v m="$mode" -v r="$requests" -v a="$before" -v b="$after" 'BEGIN { printf "%-10s %12d %14d %16.1f\n", m, r, b - a, (b - a) / r }'
done
