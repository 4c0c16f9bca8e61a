#!/usr/bin/env bash
# Measures `corskit check --input` on a batch of N requests (default 3,000) against a loopback server.
# The batch mixes three kinds of request, a third each: a simple GET that is allowed, a PUT with a JSON body that is
# preflighted and allowed (two requests on the wire), and a GET blocked by an Access-Control-Allow-Origin mismatch.
# Usage: bench/check-batch.sh [N] [CONCURRENCY]      Prints the wall time and checks the output.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3000}
concurrency=${2:-16}

dotnet build src/CorsKit.Cli/CorsKit.Cli.csproj -c Release -nologo -v quiet >/dev/null
cli=src/CorsKit.Cli/bin/Release/net10.0/CorsKit.Cli.dll

work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# A small keep-alive HTTP/1.1 server on 127.0.0.1 (port chosen by the OS, written to $work/port).
cat > "$work/server.py" <<'PY'
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass
    def reply(self, status, headers):
        length = int(self.headers.get("Content-Length") or 0)
        if length: self.rfile.read(length)
        self.send_response(status)
        for name, value in headers: self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def do_OPTIONS(self):
        self.reply(204, [("Access-Control-Allow-Origin", self.headers.get("Origin", "")),
                         ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "content-type")])
    def do_GET(self):
        acao = "https://other.example" if self.path.startswith("/blocked") else self.headers.get("Origin", "")
        self.reply(200, [("Access-Control-Allow-Origin", acao), ("X-Total", "1")])
    do_PUT = do_GET

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
open(sys.argv[1], "w").write(str(server.server_address[1]))
server.serve_forever()
PY
python3 "$work/server.py" "$work/port" & server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$work/port")"

python3 - "$base" "$n" > "$work/batch.jsonl" <<'PY'
import json, sys
base, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    kind = i % 3
    if kind == 0:
        line = {"url": f"{base}/items/{i}", "origin": "https://app.example"}
    elif kind == 1:
        line = {"url": f"{base}/items/{i}", "origin": "https://app.example", "method": "PUT",
                "headers": [["Content-Type", "application/json"]], "body": "{}"}
    else:
        line = {"url": f"{base}/blocked/{i}", "origin": "https://app.example"}
    print(json.dumps(line))
PY

start=$(date +%s.%N)
set +e
dotnet "$cli" check --input "$work/batch.jsonl" --concurrency "$concurrency" > "$work/out.jsonl"
code=$?
set -e
end=$(date +%s.%N)

[ -n "${KEEP:-}" ] && cp "$work/out.jsonl" "$KEEP"  # KEEP=path keeps the results
lines=$(wc -l < "$work/out.jsonl")
allowed=$(grep -c '"allowed":true' "$work/out.jsonl" || true)
blocked=$(grep -c '"code":"AllowOriginMismatch"' "$work/out.jsonl" || true)
printf 'requests=%s results=%s allowed=%s blocked=%s exit=%s concurrency=%s wall=%.2fs\n' \
  "$n" "$lines" "$allowed" "$blocked" "$code" "$concurrency" "$(echo "$end - $start" | bc)"
