#!/usr/bin/env bash
# Creates (once) a virtualenv with OpenTelemetry's Python SDK and its OTLP/HTTP protobuf exporter (PyPI
# "opentelemetry-sdk", "opentelemetry-exporter-otlp-proto-http"), pinned, for the emulator's contract test
# (otlp_export.py), then prints the virtualenv's folder as the last line of standard output.
#
# Folder: $CORDUM_OTEL_SDK_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/opentelemetry-<version>.
# Exit codes (Tests/Support/python-venv.sh): 0 ready; 2 python3 or its venv module is missing; 3 the package index
# could not be reached; 1 anything else.
set -euo pipefail

OTEL_VERSION="1.45.2"
exec bash "$(dirname "$0")/../../../../Tests/Support/python-venv.sh" \
    "${CORDUM_OTEL_SDK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/opentelemetry-${OTEL_VERSION}}" \
    opentelemetry-sdk \
    "from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
assert callable(TracerProvider) and callable(OTLPSpanExporter)" \
    "opentelemetry-sdk==${OTEL_VERSION}" \
    "opentelemetry-exporter-otlp-proto-http==${OTEL_VERSION}"
