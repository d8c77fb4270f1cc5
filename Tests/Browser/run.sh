#!/usr/bin/env bash
# The console's and the marketplace's browser tests (docs/console.md): starts `packctl serve` on a fresh data folder
# with three keys (alice and carol in tenant acme, bob in tenant beta), builds the marketplace for packs/, and runs
# Tests/Browser/browser_tests.py in headless chromium. Needs chromium and chromium-driver (Debian) and a built
# packctl (swift build). Screenshots go to $CORDUM_SCREENSHOTS, else .build/browser-screenshots.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$(swift build --show-bin-path)"
packctl="$bin/packctl"
test -x "$packctl" || { echo "Tests/Browser/run.sh: build packctl first (swift build)" >&2; exit 2; }
for tool in chromium chromedriver; do
    command -v "$tool" >/dev/null 2>&1 || { echo "Tests/Browser/run.sh: $tool is missing: apt-get install -y chromium chromium-driver" >&2; exit 2; }
done
venv="$(bash Tests/Browser/setup-venv.sh | tail -n 1)"
axe="$(find "$venv" -name axe.min.js | head -n 1)"

work="$(mktemp -d)"
server=""
cleanup() {
    if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/data"
new_key() { python3 -c 'import secrets; print("ck_" + secrets.token_hex(32))'; }
hash() { printf %s "$1" | sha256sum | cut -d' ' -f1; }
export KEY_ALICE KEY_CAROL KEY_BOB
KEY_ALICE="$(new_key)"; KEY_CAROL="$(new_key)"; KEY_BOB="$(new_key)"
cat >"$work/data/api-keys.json" <<JSON
{"keys":[
 {"id":"alice","principal":"alice","tenants":["acme"],"roles":["submit","approve"],"sha256":"$(hash "$KEY_ALICE")"},
 {"id":"carol","principal":"carol","tenants":["acme"],"roles":["approve"],"sha256":"$(hash "$KEY_CAROL")"},
 {"id":"bob","principal":"bob","tenants":["beta"],"roles":["submit","approve","admin"],"sha256":"$(hash "$KEY_BOB")"}
]}
JSON
chmod 600 "$work/data/api-keys.json"
"$packctl" install --data "$work/data" packs/hello/pack >/dev/null

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$packctl" serve --data "$work/data" --port "$port" --dev-workers >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.5
done

SOURCE_DATE_EPOCH=0 "$packctl" build packs --out "$work/public" --base-url https://packs.example.com >/dev/null 2>&1
"$packctl" verify "$work/public" >/dev/null

shots="${CORDUM_SCREENSHOTS:-$PWD/.build/browser-screenshots}"
CONSOLE_URL="http://127.0.0.1:$port" MARKETPLACE_DIR="$work/public" SCREENSHOTS="$shots" AXE_JS="$axe" \
    "$venv/bin/python" Tests/Browser/browser_tests.py || { echo "--- serve.log" >&2; tail -n 50 "$work/serve.log" >&2; exit 1; }
