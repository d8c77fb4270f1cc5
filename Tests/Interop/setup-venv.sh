#!/usr/bin/env bash
# Creates (once) a virtualenv with the official CAP Python SDK, cap-sdk-python 2.0.12, and what the interop
# programs need, then prints the virtualenv's folder as the last line of standard output.
#
# Folder: $CORDUM_INTEROP_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/cap-sdk-python-2.0.12.
# A finished virtualenv is marked with .cordum-ready and reused as is.
#
# Exit codes: 0 ready; 2 python3 or its venv module is missing (apt-get install -y python3 python3-venv);
# 3 the package index could not be reached (network); 1 anything else (pip's output is on standard error).
set -euo pipefail

SDK_VERSION="2.0.12"
# Versions known to work with the SDK's generated code: its _pb2 modules require protobuf >= 6.31.1, and the
# SDK imports cryptography without declaring it (docs/interop.md).
REQUIREMENTS=(
    "cap-sdk-python==${SDK_VERSION}"
    "protobuf>=6.31.1,<7"
    "nats-py>=2.6,<3"
    "redis>=5,<9"
    "cryptography>=42"
)

venv="${CORDUM_INTEROP_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/cap-sdk-python-${SDK_VERSION}}"
marker="$venv/.cordum-ready"
expected="${REQUIREMENTS[*]}"

if [[ -f "$marker" && "$(cat "$marker")" == "$expected" && -x "$venv/bin/python" ]]; then
    echo "$venv"
    exit 0
fi

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
    echo "setup-venv.sh: $python is not installed; install it with: apt-get install -y python3 python3-venv" >&2
    exit 2
fi

rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
if ! "$python" -m venv "$venv" >&2; then
    echo "setup-venv.sh: '$python -m venv' failed; install the venv module with: apt-get install -y python3-venv" >&2
    rm -rf "$venv"
    exit 2
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# Whether the package index pip uses answers (its address from PIP_INDEX_URL, pip's configuration, or pip's
# default), so that an offline machine is told apart from a broken install.
index_reachable() {
    "$venv/bin/python" - <<'PY'
import os, subprocess, sys, urllib.request
url = os.environ.get("PIP_INDEX_URL", "")
if not url:
    found = subprocess.run([sys.executable, "-m", "pip", "config", "get", "global.index-url"],
                           capture_output=True, text=True)
    url = found.stdout.strip() if found.returncode == 0 else ""
if not url:
    from pip._internal.models.index import PyPI
    url = PyPI.simple_url
try:
    urllib.request.urlopen(url.rstrip("/") + "/cap-sdk-python/", timeout=15).close()
except Exception as error:  # noqa: BLE001
    print(f"setup-venv.sh: the package index {url} cannot be reached: {error}", file=sys.stderr)
    sys.exit(1)
PY
}

if ! "$venv/bin/python" -m pip install --disable-pip-version-check --no-input "${REQUIREMENTS[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    if ! index_reachable; then
        rm -rf "$venv"
        echo "setup-venv.sh: cap-sdk-python ${SDK_VERSION} was not installed (no network to the package index)" >&2
        exit 3
    fi
    rm -rf "$venv"
    echo "setup-venv.sh: pip could not install ${REQUIREMENTS[*]}" >&2
    exit 1
fi

# Fail here, not in a test, if the SDK cannot be imported with what was installed.
"$venv/bin/python" - <<'PY' >&2
import cap
from cap import client, worker
from cap.pb.cordum.agent.v1 import buspacket_pb2, job_pb2
assert callable(client.submit_job) and callable(worker.run_worker)
PY

echo "$expected" >"$marker"
echo "$venv"
