#!/usr/bin/env bash
# Creates (once) a virtualenv with slack-sdk, Slack's official Python SDK, pinned, for the Slack emulator's
# contract test (slack_sdk_contract.py), then prints the virtualenv's folder as the last line of standard output.
#
# Folder: $CORDUM_SLACK_SDK_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/slack-sdk-<version>.
# Exit codes (Tests/Support/python-venv.sh): 0 ready; 2 python3 or its venv module is missing; 3 the package index
# could not be reached; 1 anything else.
set -euo pipefail

SLACK_SDK_VERSION="3.47.0"
exec bash "$(dirname "$0")/../../../../Tests/Support/python-venv.sh" \
    "${CORDUM_SLACK_SDK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/slack-sdk-${SLACK_SDK_VERSION}}" \
    slack_sdk \
    "from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient
assert callable(WebClient) and callable(WebhookClient)" \
    "slack-sdk==${SLACK_SDK_VERSION}"
