#!/usr/bin/env bash
# Creates (once) a virtualenv with the official CAP Python SDK, cap-sdk-python 2.0.12, and what the interop
# programs need, then prints the virtualenv's folder as the last line of standard output.
#
# Folder: $CORDUM_INTEROP_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/cap-sdk-python-2.0.12.
# Exit codes (Tests/Support/python-venv.sh): 0 ready; 2 python3 or its venv module is missing; 3 the package index
# could not be reached; 1 anything else.
set -euo pipefail

SDK_VERSION="2.0.12"
# Versions known to work with the SDK's generated code: its _pb2 modules require protobuf >= 6.31.1, and the
# SDK imports cryptography without declaring it (docs/interop.md).
exec bash "$(dirname "$0")/../Support/python-venv.sh" \
    "${CORDUM_INTEROP_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/cap-sdk-python-${SDK_VERSION}}" \
    cap-sdk-python \
    "import cap
from cap import client, worker
from cap.pb.cordum.agent.v1 import buspacket_pb2, job_pb2
assert callable(client.submit_job) and callable(worker.run_worker)" \
    "cap-sdk-python==${SDK_VERSION}" "protobuf>=6.31.1,<7" "nats-py>=2.6,<3" "redis>=5,<9" "cryptography>=42"
