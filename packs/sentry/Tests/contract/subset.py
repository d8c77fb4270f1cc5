#!/usr/bin/env python3
"""Writes sentry-openapi.json: the operations the sentry pack uses, copied unmodified from Sentry's published
description (getsentry/sentry-api-schema, openapi-derefed.json, in ../shared/vendor-specs/sentry/). The full file is
3.8 MB; the contract checks need these paths only. Run from this folder: python3 subset.py [path-to-openapi-derefed]."""
import json
import sys

SOURCE = sys.argv[1] if len(sys.argv) > 1 else "../../../../../shared/vendor-specs/sentry/openapi-derefed.json"
ORG = "/api/0/organizations/{organization_id_or_slug}"
PROJECT = "/api/0/projects/{organization_id_or_slug}/{project_id_or_slug}"
KEEP = {
    PROJECT + "/issues/": ["get", "put", "delete"],
    ORG + "/issues/{issue_id}/": ["get", "put", "delete"],
    ORG + "/issues/{issue_id}/events/{event_id}/": ["get"],
    ORG + "/issues/{issue_id}/hashes/": ["get"],
    ORG + "/issues/{issue_id}/tags/{key}/": ["get"],
    PROJECT + "/events/{event_id}/": ["get"],
    ORG + "/projects/": ["get"],
    ORG + "/releases/": ["get", "post"],
    ORG + "/releases/{version}/": ["get"],
    ORG + "/releases/{version}/deploys/": ["get", "post"],
    ORG + "/stats_v2/": ["get"],
}
METHODS = {"get", "post", "put", "delete", "patch", "options", "head"}

with open(SOURCE, encoding="utf-8") as handle:
    full = json.load(handle)
subset = {key: value for key, value in full.items() if key not in ("paths", "components", "tags")}
subset["components"] = {"securitySchemes": full.get("components", {}).get("securitySchemes", {})}
subset["info"] = dict(full["info"])
subset["info"]["description"] = (
    "The operations of the sentry pack, copied unmodified from getsentry/sentry-api-schema openapi-derefed.json "
    "(2026-08-16) by packs/sentry/Tests/contract/subset.py."
)
subset["paths"] = {}
for path, methods in KEEP.items():
    source = full["paths"][path]
    kept = {key: value for key, value in source.items() if key not in METHODS}
    kept.update({method: source[method] for method in methods})
    subset["paths"][path] = kept
with open("sentry-openapi.json", "w", encoding="utf-8") as handle:
    json.dump(subset, handle, indent=1, sort_keys=True)
    handle.write("\n")
