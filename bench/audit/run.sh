#!/usr/bin/env bash
# Measures `corskit audit` on N loopback endpoints (default 1000): starts bench/audit/loopback-server.cs, audits every
# endpoint with --trusted-origin https://app.example.com, prints the wall time and the finding counts.
# Optional: CORSCANNER=/path/to/CORScanner runs CORScanner's cors_scan.py on the same endpoints for comparison
# (needs python3-gevent, python3-tldextract, python3-requests from Debian; never vendored here).
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-1000}"
WORK="$(mktemp -d)"
trap 'exec 3>&-; wait 2>/dev/null; rm -rf "$WORK"' EXIT

dotnet build -c Release src/CorsKit.Cli/CorsKit.Cli.csproj -v q -nologo > "$WORK/build.log"
mkfifo "$WORK/stdin"
dotnet run bench/audit/loopback-server.cs -- "$N" 4 < "$WORK/stdin" > "$WORK/urls.raw" &
exec 3> "$WORK/stdin"
until grep -q '^ready$' "$WORK/urls.raw" 2>/dev/null; do sleep 0.2; done
grep '^http' "$WORK/urls.raw" > "$WORK/urls.txt"
echo "endpoints: $(wc -l < "$WORK/urls.txt") on $(cut -d/ -f3 "$WORK/urls.txt" | sort -u | wc -l) loopback ports; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"

start=$(date +%s.%N)
dotnet src/CorsKit.Cli/bin/Release/net10.0/CorsKit.Cli.dll audit --input "$WORK/urls.txt" \
  --trusted-origin https://app.example.com --format json --output "$WORK/report.json" --fail-on none --concurrency "${CONCURRENCY:-32}" 2> "$WORK/audit.err" || true
end=$(date +%s.%N)
python3 - "$WORK/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
print(f"corskit audit: {s['targets']} targets, {s['requests']} requests, {s['findings']} findings, by id {s['byId']}, unreachable {s['targetsWithErrors']}")
PY
echo "corskit audit wall time: $(echo "$end - $start" | bc) s"

if [[ -n "${CORSCANNER:-}" ]]; then
  start=$(date +%s.%N)
  (cd "$CORSCANNER" && /usr/bin/python3 cors_scan.py -i "$WORK/urls.txt" -t 50 -o "$WORK/corscanner.json" > "$WORK/corscanner.log" 2>&1) || true
  end=$(date +%s.%N)
  echo "CORScanner wall time: $(echo "$end - $start" | bc) s; results: $(/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d), 'findings', sorted({x['type'] for x in d}))" "$WORK/corscanner.json" 2>/dev/null || echo 'none (see log)')"
fi
