#!/usr/bin/env bash
# Creates (once) a virtualenv with pysnow, the Python client of ServiceNow's Table API (PyPI "pysnow"), pinned, for
# the ServiceNow emulator's contract test (pysnow_contract.py), then prints the virtualenv's folder as the last line
# of standard output.
#
# Folder: $CORDUM_SERVICENOW_CLIENT_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/pysnow-<version>.
# Exit codes (Tests/Support/python-venv.sh): 0 ready; 2 python3 or its venv module is missing; 3 the package index
# could not be reached; 1 anything else.
set -euo pipefail

PYSNOW_VERSION="0.7.17"
exec bash "$(dirname "$0")/../../../../Tests/Support/python-venv.sh" \
    "${CORDUM_SERVICENOW_CLIENT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/pysnow-${PYSNOW_VERSION}}" \
    pysnow \
    "import pysnow
assert callable(pysnow.Client)" \
    "pysnow==${PYSNOW_VERSION}"
