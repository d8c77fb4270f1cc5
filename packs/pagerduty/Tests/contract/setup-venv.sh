#!/usr/bin/env bash
# Creates (once) a virtualenv with pagerduty, PagerDuty's official Python client of its REST API v2 and Events API v2
# (PyPI "pagerduty"), pinned, for the PagerDuty emulator's contract test (pagerduty_client_contract.py), then prints
# the virtualenv's folder as the last line of standard output.
#
# Folder: $CORDUM_PAGERDUTY_CLIENT_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/pagerduty-<version>.
# Exit codes (Tests/Support/python-venv.sh): 0 ready; 2 python3 or its venv module is missing; 3 the package index
# could not be reached; 1 anything else.
set -euo pipefail

PAGERDUTY_VERSION="7.2.0"
exec bash "$(dirname "$0")/../../../../Tests/Support/python-venv.sh" \
    "${CORDUM_PAGERDUTY_CLIENT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/pagerduty-${PAGERDUTY_VERSION}}" \
    pagerduty \
    "import pagerduty
assert callable(pagerduty.RestApiV2Client) and callable(pagerduty.EventsApiV2Client)" \
    "pagerduty==${PAGERDUTY_VERSION}"
