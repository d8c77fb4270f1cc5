#!/usr/bin/env bash
# Creates (once) a virtualenv with PyGithub, GitHub's most used Python client, pinned, for the GitHub emulator's
# contract test (pygithub_contract.py), then prints the virtualenv's folder as the last line of standard output.
#
# Folder: $CORDUM_PYGITHUB_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/pygithub-<version>.
# A finished virtualenv is marked with .cordum-ready and reused as is.
#
# Exit codes: 0 ready; 2 python3 or its venv module is missing (apt-get install -y python3 python3-venv);
# 3 the package index could not be reached (network); 1 anything else (pip's output is on standard error).
set -euo pipefail

PYGITHUB_VERSION="2.10.0"
# PyGithub's App auth signs JWTs with PyJWT, which needs cryptography for RS256.
REQUIREMENTS=(
    "PyGithub==${PYGITHUB_VERSION}"
    "PyJWT[crypto]>=2.4,<3"
    "cryptography>=42"
)

venv="${CORDUM_PYGITHUB_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/pygithub-${PYGITHUB_VERSION}}"
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
# Whether the package index pip uses answers, so that an offline machine is told apart from a broken install.
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
    urllib.request.urlopen(url.rstrip("/") + "/pygithub/", timeout=15).close()
except Exception as error:  # noqa: BLE001
    print(f"setup-venv.sh: the package index {url} cannot be reached: {error}", file=sys.stderr)
    sys.exit(1)
PY
}

if ! "$venv/bin/python" -m pip install --disable-pip-version-check --no-input "${REQUIREMENTS[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    if ! index_reachable; then
        rm -rf "$venv"
        echo "setup-venv.sh: PyGithub ${PYGITHUB_VERSION} was not installed (no network to the package index)" >&2
        exit 3
    fi
    rm -rf "$venv"
    echo "setup-venv.sh: pip could not install ${REQUIREMENTS[*]}" >&2
    exit 1
fi

# Fail here, not in a test, if PyGithub cannot be imported with what was installed.
"$venv/bin/python" - <<'PY' >&2
import github
from github import Auth, Github, GithubIntegration
assert github.__version__ if hasattr(github, "__version__") else True
assert callable(Auth.AppAuth) and callable(GithubIntegration)
PY

echo "$expected" >"$marker"
echo "$venv"
