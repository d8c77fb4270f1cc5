#!/usr/bin/env python3
"""The JSONSchemaBenchmarks workload through python-jsonschema, for the comparison in README.md.

Usage (from Benchmarks/): python3 -m venv /tmp/jsonschema-venv && /tmp/jsonschema-venv/bin/pip install jsonschema
    /tmp/jsonschema-venv/bin/python jsonschema_python.py [SECONDS_PER_CASE]
Reads the same files as Benchmarks/JSONSchemaBenchmarks (the github pack's schema, ../../shared/vendor-specs/mcp)
and prints validations per second for each case (is_valid, one instance at a time, no format assertion).
"""
import importlib.metadata
import json
import os
import sys
import time

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOAD = os.path.join(HERE, "JSONSchemaWorkload")
PACK_SCHEMA = os.path.join(HERE, "..", "packs", "github", "pack", "schemas", "IssuesCreateInput.json")
MCP_SCHEMA = os.path.join(HERE, "..", "..", "shared", "vendor-specs", "mcp", "schema-2025-11-25.json")


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def mcp(definition):
    schema = load(MCP_SCHEMA)
    schema["$ref"] = "#/$defs/" + definition
    return schema


def cases():
    create = load(os.path.join(WORKLOAD, "issues-create.instance.json"))
    yield "pack input, draft-07", load(PACK_SCHEMA), create
    yield "pack input, 2020-12", load(os.path.join(WORKLOAD, "issues-create-2020-12.schema.json")), create
    yield "MCP ListToolsResult, 25 tools", mcp("ListToolsResult"), load(
        os.path.join(WORKLOAD, "mcp-tools-list.instance.json"))
    yield "MCP ClientRequest, tools/call", mcp("ClientRequest"), load(
        os.path.join(WORKLOAD, "mcp-call-tool.instance.json"))


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    print("python-jsonschema", importlib.metadata.version("jsonschema"), "on Python", sys.version.split()[0])
    for name, schema, instance in cases():
        started = time.perf_counter()
        validator_class = jsonschema.validators.validator_for(schema)
        validator = validator_class(schema)
        assert validator.is_valid(instance), name
        compiled = time.perf_counter() - started
        count = 0
        started = time.perf_counter()
        while True:
            for _ in range(100):
                validator.is_valid(instance)
            count += 100
            elapsed = time.perf_counter() - started
            if elapsed >= seconds:
                break
        print(f"{name}: {count / elapsed:,.0f} validations/s "
              f"({elapsed / count * 1e6:,.1f} µs each; first validation incl. setup {compiled * 1e3:,.1f} ms)")


if __name__ == "__main__":
    main()
