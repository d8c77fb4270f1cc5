#!/usr/bin/env bash
# Creates (once) a virtualenv with PyGithub, GitHub's most used Python client, pinned, for the GitHub emulator's
# contract test (pygithub_contract.py), then prints the virtualenv's folder as the last line of standard output.
#
# Folder: $CORDUM_PYGITHUB_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/pygithub-<version>.
# Exit codes (Tests/Support/python-venv.sh): 0 ready; 2 python3 or its venv module is missing; 3 the package index
# could not be reached; 1 anything else.
set -euo pipefail

PYGITHUB_VERSION="2.10.0"
# PyGithub's App auth signs JWTs with PyJWT, which needs cryptography for RS256.
exec bash "$(dirname "$0")/../../../../Tests/Support/python-venv.sh" \
    "${CORDUM_PYGITHUB_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/pygithub-${PYGITHUB_VERSION}}" \
    pygithub \
    "from github import Auth, Github, GithubIntegration
assert callable(Auth.AppAuth) and callable(GithubIntegration)" \
    "PyGithub==${PYGITHUB_VERSION}" "PyJWT[crypto]>=2.4,<3" "cryptography>=42"
