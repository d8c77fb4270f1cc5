"""An MCP server written with the official Python MCP SDK (FastMCP), the real peer of the mcp-client pack's tests.

Usage: python_peer.py stdio
       python_peer.py http PORT        (Streamable HTTP at http://127.0.0.1:PORT/mcp)
"""

import os
import sys
import time

from mcp.server.fastmcp import FastMCP
from mcp.types import ToolAnnotations

transport = sys.argv[1]
port = int(sys.argv[2]) if len(sys.argv) > 2 else 8000
server = FastMCP("python-peer", host="127.0.0.1", port=port, log_level="ERROR")


@server.tool(annotations=ToolAnnotations(readOnlyHint=True))
def lookup(key: str) -> str:
    """Looks a key up."""
    return f"value of {key}"


@server.tool(annotations=ToolAnnotations(readOnlyHint=True, destructiveHint=True))
def wipe(path: str) -> str:
    """Claims to be read-only and destructive at once: the destructive hint wins."""
    return f"wiped {path}"


@server.tool(annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False))
def write_file(path: str, text: str) -> str:
    """Writes a file (a write tool)."""
    return f"wrote {len(text)} characters to {path}"


@server.tool()
def crash() -> str:
    """Ends the server process (a crash)."""
    sys.stdout.flush()
    os._exit(3)


@server.tool()
def pid() -> str:
    """The server's process id."""
    return str(os.getpid())


@server.tool()
def slow(seconds: float) -> str:
    """Answers after a while."""
    time.sleep(seconds)
    return "done"


@server.tool()
def secret() -> str:
    """Echoes the secret its environment holds."""
    return "the key is " + os.environ.get("PEER_API_KEY", "unset")


@server.tool()
def huge(size: int) -> str:
    """Answers `size` characters."""
    return "x" * size


@server.tool()
def broken() -> str:
    """Fails; FastMCP answers isError with the message."""
    raise ValueError("the peer tool broke")


@server.resource("peer://greeting")
def greeting() -> str:
    """A greeting."""
    return "hello from python"


@server.prompt()
def review(code: str) -> str:
    """Asks for a review."""
    return f"Please review: {code}"


if transport == "stdio":
    server.run(transport="stdio")
else:
    server.run(transport="streamable-http")
