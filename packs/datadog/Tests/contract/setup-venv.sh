#!/usr/bin/env bash
# Creates (once) a virtualenv with datadog-api-client, Datadog's official Python client (PyPI), pinned, for the
# emulator's contract test (datadog_client_contract.py), then prints the virtualenv's folder as the last line of
# standard output.
#
# Folder: $CORDUM_DATADOG_CLIENT_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/datadog-<version>.
# Exit codes (Tests/Support/python-venv.sh): 0 ready; 2 python3 or its venv module is missing; 3 the package index
# could not be reached; 1 anything else.
set -euo pipefail

DATADOG_CLIENT_VERSION="2.62.0"
exec bash "$(dirname "$0")/../../../../Tests/Support/python-venv.sh" \
    "${CORDUM_DATADOG_CLIENT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/datadog-${DATADOG_CLIENT_VERSION}}" \
    datadog-api-client \
    "from datadog_api_client import ApiClient, Configuration
assert callable(ApiClient)" \
    "datadog-api-client==${DATADOG_CLIENT_VERSION}"
