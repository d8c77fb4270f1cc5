#!/usr/bin/env bash
# Creates (once) a virtualenv with jira, the Python client of Jira's REST API (PyPI "jira"), pinned, for the Jira
# emulator's contract test (jira_client_contract.py), then prints the virtualenv's folder as the last line of
# standard output.
#
# Folder: $CORDUM_JIRA_CLIENT_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/jira-<version>.
# Exit codes (Tests/Support/python-venv.sh): 0 ready; 2 python3 or its venv module is missing; 3 the package index
# could not be reached; 1 anything else.
set -euo pipefail

JIRA_VERSION="3.10.5"
exec bash "$(dirname "$0")/../../../../Tests/Support/python-venv.sh" \
    "${CORDUM_JIRA_CLIENT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/jira-${JIRA_VERSION}}" \
    jira \
    "from jira import JIRA
assert callable(JIRA)" \
    "jira==${JIRA_VERSION}"
