#!/usr/bin/env bash
# Creates (once) a virtualenv with the official Python MCP SDK, pinned, for the mcp-client pack's peer tests
# (python_peer.py serves tools over stdio and Streamable HTTP), then prints the virtualenv's folder as the last
# line of standard output.
#
# Folder: $CORDUM_MCP_PYTHON_VENV, else ${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/mcp-<version>.
# Exit codes (Tests/Support/python-venv.sh): 0 ready; 2 python3 or its venv module is missing; 3 the package index
# could not be reached; 1 anything else.
set -euo pipefail

MCP_VERSION="1.26.0"
exec bash "$(dirname "$0")/../../../../Tests/Support/python-venv.sh" \
    "${CORDUM_MCP_PYTHON_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cordum-interop/mcp-${MCP_VERSION}}" \
    mcp \
    "from mcp.server.fastmcp import FastMCP
from mcp.types import ToolAnnotations" \
    "mcp==${MCP_VERSION}"
