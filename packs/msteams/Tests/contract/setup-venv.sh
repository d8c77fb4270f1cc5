#!/usr/bin/env bash
# Creates (once) a virtualenv with msgraph-sdk, Microsoft's Python SDK for Graph (PyPI "msgraph-sdk"), pinned, for
# the emulator's contract test (msgraph_sdk_contract.py), then prints the virtualenv's folder as the last line of
# standard output.
#
# Folder: $CORDUM_MSGRAPH_SDK_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/msgraph-sdk-<version>.
# Exit codes (Tests/Support/python-venv.sh): 0 ready; 2 python3 or its venv module is missing; 3 the package index
# could not be reached; 1 anything else.
set -euo pipefail

MSGRAPH_SDK_VERSION="1.65.0"
exec bash "$(dirname "$0")/../../../../Tests/Support/python-venv.sh" \
    "${CORDUM_MSGRAPH_SDK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/msgraph-sdk-${MSGRAPH_SDK_VERSION}}" \
    msgraph-sdk \
    "from msgraph import GraphServiceClient
from kiota_abstractions.authentication import BaseBearerTokenAuthenticationProvider
assert callable(GraphServiceClient)" \
    "msgraph-sdk==${MSGRAPH_SDK_VERSION}"
