#!/usr/bin/env bash
# Creates (once) a virtualenv with Cordum's official Python client, cordum-sdk 0.1.0, then prints the virtualenv's
# folder as the last line of standard output.
#
# Folder: $CORDUM_SDK_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/cordum-sdk-0.1.0.
# Exit codes (Tests/Support/python-venv.sh): 0 ready; 2 python3 or its venv module is missing; 3 the package index
# could not be reached; 1 anything else.
set -euo pipefail

SDK_VERSION="0.1.0"
# The SDK's generated models import dateutil, which the package does not declare (docs/interop.md, SDK1).
exec bash "$(dirname "$0")/../Support/python-venv.sh" \
    "${CORDUM_SDK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/cordum-sdk-${SDK_VERSION}}" \
    cordum-sdk \
    "import cordum_sdk
from cordum_sdk import CordumClient
assert cordum_sdk.__version__ == '${SDK_VERSION}'" \
    "cordum-sdk==${SDK_VERSION}" "python-dateutil>=2.8,<3"
