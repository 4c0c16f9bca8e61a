#!/usr/bin/env bash
# Runs every CorsKit test and ends with one line: "N passed, N failed, N skipped".
# On a fresh Debian machine (as root) it first installs what the tests need: Chromium, Firefox ESR, the
# Public Suffix List, and the audit corpus's stacks (nginx, Starlette+uvicorn, Flask-CORS, django-cors-headers, Go with
# rs/cors, Node.js; Express and cors via `npm ci`). Browser and corpus tests fail, never skip, when something is missing.
set -uo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || need+=(firefox-esr)
# WebKitGTK's MiniBrowser (with webkit2gtk-driver) under Xvfb: the WebKit model-agreement, named and console tests.
[ -x /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser ] || need+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb)
[ -f /usr/share/publicsuffix/public_suffix_list.dat ] || need+=(publicsuffix)
# The audit corpus (tests/CorsKit.Cli.Tests/AuditCorpus): real servers of seven stacks.
[ -x /usr/sbin/nginx ] || need+=(nginx)
/usr/bin/python3 -c "import starlette, uvicorn" 2>/dev/null || need+=(python3-starlette python3-uvicorn)
/usr/bin/python3 -c "import flask_cors" 2>/dev/null || need+=(python3-flask-cors)
/usr/bin/python3 -c "import corsheaders" 2>/dev/null || need+=(python3-django-cors-headers)
command -v go >/dev/null 2>&1 || need+=(golang-go)
[ -f /usr/share/gocode/src/github.com/rs/cors/cors.go ] || need+=(golang-github-rs-cors-dev)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
# Local Network Access tests run a server inside a network namespace they create (unshare -n, ip).
command -v ip >/dev/null 2>&1 || need+=(iproute2)
# The relay's namespace tests reach the relay with curl inside the namespace.
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${need[*]}"
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
      || echo "test.sh: could not install ${need[*]}; the browser and corpus tests will fail"
  else
    echo "test.sh: missing ${need[*]} (run as root to install them); the browser and corpus tests will fail"
  fi
fi

corpus_express=tests/CorsKit.Cli.Tests/AuditCorpus/apps/express
if [ ! -d "$corpus_express/node_modules/express" ] || [ ! -d "$corpus_express/node_modules/cors" ]; then
  (cd "$corpus_express" && npm ci --no-audit --no-fund >/dev/null 2>&1) \
    || echo "test.sh: npm ci failed in $corpus_express; the Express corpus tests will fail"
fi

# Microsoft's SARIF validator (@microsoft/sarif-multitool), run by SarifValidatorTests on a real audit's SARIF.
sarif_validator=tests/CorsKit.Cli.Tests/SarifValidator
if [ ! -x "$sarif_validator/node_modules/.bin/sarif-multitool" ]; then
  (cd "$sarif_validator" && npm ci --no-audit --no-fund >/dev/null 2>&1) \
    || echo "test.sh: npm ci failed in $sarif_validator; the SARIF validator test will fail"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$(pwd)/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"

echo "test.sh: building the solution (about a minute on the first run)"
if ! dotnet build CorsKit.slnx -c Release -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

status=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  echo "== $name"
  dotnet test "$proj" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=minimal" || status=1
done

python3 - "$results" <<'PY'
import glob, re, sys
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"<Counters [^>]*>", text)
    if not m:
        f += 1
        continue
    attrs = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
    p += int(attrs.get("passed", 0))
    f += int(attrs.get("failed", 0)) + int(attrs.get("error", 0)) + int(attrs.get("timeout", 0)) + int(attrs.get("aborted", 0))
    s += int(attrs.get("notExecuted", 0))
print(f"{p} passed, {f} failed, {s} skipped")
PY
exit $status
