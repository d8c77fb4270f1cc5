#!/usr/bin/env bash
# Creates (once) a virtualenv with pinned PyPI packages for a test that runs a real Python reference client, checks
# that they import, and prints the virtualenv's folder as the last line of standard output. Used by
# Tests/Interop/setup-venv.sh (cap-sdk-python), Tests/Interop/setup-cordum-sdk-venv.sh (cordum-sdk) and
# packs/github/Tests/contract/setup-venv.sh (PyGithub); the Swift tests run those through PackTesting's
# PythonEnvironment.
#
# Usage: python-venv.sh FOLDER PROBE_PROJECT IMPORT_CHECK REQUIREMENT...
#   FOLDER         the virtualenv; a finished one is marked with .cordum-ready (the requirements) and reused as is
#   PROBE_PROJECT  the PyPI project whose index page tells an offline machine apart from a broken install
#   IMPORT_CHECK   Python code that must run without error once the requirements are installed
#
# Exit codes: 0 ready; 2 python3 or its venv module is missing (apt-get install -y python3 python3-venv);
# 3 the package index could not be reached (network); 1 anything else (pip's output is on standard error).
set -euo pipefail

if (($# < 4)); then
    echo "usage: python-venv.sh FOLDER PROBE_PROJECT IMPORT_CHECK REQUIREMENT..." >&2
    exit 64
fi
venv="$1"
probe="$2"
import_check="$3"
shift 3
requirements=("$@")
marker="$venv/.cordum-ready"
expected="${requirements[*]}"
me="$(basename "$(dirname "$0")")/$(basename "$0")"

if [[ -f "$marker" && "$(cat "$marker")" == "$expected" && -x "$venv/bin/python" ]]; then
    echo "$venv"
    exit 0
fi

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
    echo "$me: $python is not installed; install it with: apt-get install -y python3 python3-venv" >&2
    exit 2
fi

rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
if ! "$python" -m venv "$venv" >&2; then
    echo "$me: '$python -m venv' failed; install the venv module with: apt-get install -y python3-venv" >&2
    rm -rf "$venv"
    exit 2
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# Whether the package index pip uses answers (its address from PIP_INDEX_URL, pip's configuration, or pip's
# default), so that an offline machine is told apart from a broken install.
index_reachable() {
    PROBE="$probe" "$venv/bin/python" - <<'PY'
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
    urllib.request.urlopen(url.rstrip("/") + "/" + os.environ["PROBE"] + "/", timeout=15).close()
except Exception as error:  # noqa: BLE001
    print(f"the package index {url} cannot be reached: {error}", file=sys.stderr)
    sys.exit(1)
PY
}

if ! "$venv/bin/python" -m pip install --disable-pip-version-check --no-input "${requirements[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    if ! index_reachable; then
        rm -rf "$venv"
        echo "$me: ${requirements[*]} not installed (no network to the package index)" >&2
        exit 3
    fi
    rm -rf "$venv"
    echo "$me: pip could not install ${requirements[*]}" >&2
    exit 1
fi

# Fail here, not in a test, if what was installed cannot be imported.
"$venv/bin/python" -c "$import_check" >&2

echo "$expected" >"$marker"
echo "$venv"
