#!/usr/bin/env python3
"""A small client of Sentry's web API, written from Sentry's published API documentation
(https://docs.sentry.io/api/) with Python's standard library only: Sentry publishes no official client of its web
API (sentry-sdk sends events; it does not read them). The sentry pack's contract test points it at the emulator:

    python3 sentry_client.py BASE_URL TOKEN ORGANIZATION

It follows Sentry's conventions as documented: bearer auth tokens, `Link` paging where a `next` link with
results="false" ends the list, 429 answers with Retry-After, and `{"detail": ...}` error bodies. It exits 0 and
prints "OK <calls>" when every call answered as the documentation says, else 1 with the first mismatch."""
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

LINK = re.compile(r'<([^>]*)>((?:\s*;\s*[a-zA-Z]+="[^"]*")*)')
PARAM = re.compile(r'([a-zA-Z]+)="([^"]*)"')


class SentryError(Exception):
    def __init__(self, status, detail):
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail


class SentryClient:
    def __init__(self, base_url, token, organization):
        self.base = base_url.rstrip("/") + "/api/0"
        self.token = token
        self.organization = organization
        self.calls = 0

    def request(self, method, path, query=None, body=None):
        url = path if path.startswith("http") else self.base + path
        if query:
            url += "?" + urllib.parse.urlencode(query, doseq=True)
        data = json.dumps(body).encode() if body is not None else None
        for _ in range(3):
            req = urllib.request.Request(url, data=data, method=method)
            req.add_header("Authorization", f"Bearer {self.token}")
            req.add_header("Accept", "application/json")
            if data is not None:
                req.add_header("Content-Type", "application/json")
            self.calls += 1
            try:
                with urllib.request.urlopen(req, timeout=30) as answer:
                    text = answer.read().decode()
                    return (json.loads(text) if text else None), answer.headers
            except urllib.error.HTTPError as error:
                text = error.read().decode()
                if error.code == 429:
                    time.sleep(min(float(error.headers.get("Retry-After", "1")), 2))
                    continue
                try:
                    detail = json.loads(text)
                except ValueError:
                    detail = text
                raise SentryError(error.code, detail)
        raise SentryError(429, "still rate limited")

    def paged(self, path, query=None):
        """Every item of a list, following the `next` link until it says results="false"."""
        items, url, params = [], path, query
        while True:
            page, headers = self.request("GET", url, params)
            items.extend(page)
            following = None
            for target, attributes in LINK.findall(headers.get("Link", "")):
                values = dict(PARAM.findall(attributes))
                if values.get("rel") == "next" and values.get("results") == "true":
                    following = target
            if following is None:
                return items
            url, params = following, None

    def org(self, suffix):
        return f"/organizations/{self.organization}{suffix}"


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def main():
    base, token, organization = sys.argv[1:4]
    sentry = SentryClient(base, token, organization)

    projects = sentry.paged(sentry.org("/projects/"), {"per_page": 1})
    check([p["slug"] for p in projects] == ["backend", "web"], f"projects: {projects}")

    issues = sentry.paged(f"/projects/{organization}/backend/issues/", {"query": "is:unresolved", "limit": 2})
    check(len(issues) == 3, f"issues over two pages: {len(issues)}")
    new = sentry.paged(
        f"/projects/{organization}/backend/issues/", {"query": "firstRelease:backend@2.4.0", "statsPeriod": "24h"}
    )
    check(sorted(i["shortId"] for i in new) == ["BACKEND-2", "BACKEND-3"], f"new issues: {new}")

    issue, _ = sentry.request("GET", sentry.org("/issues/BACKEND-3/"))
    check(issue["id"] == "4711" and issue["firstRelease"]["version"] == "backend@2.4.0", f"issue: {issue['id']}")
    event, _ = sentry.request("GET", sentry.org("/issues/4711/events/latest/"))
    check(event["groupID"] == "4711" and any(t["key"] == "environment" for t in event["tags"]), "latest event")
    oldest, _ = sentry.request("GET", sentry.org("/issues/4711/events/oldest/"))
    check(oldest["nextEventID"] == event["eventID"], "oldest event links to the latest")
    tag, _ = sentry.request("GET", sentry.org("/issues/4711/tags/environment/"))
    check({v["value"] for v in tag["topValues"]} == {"production", "staging"}, f"tag: {tag}")
    hashes = sentry.paged(sentry.org("/issues/4711/hashes/"))
    check(len(hashes) == 2, "hashes")
    same, _ = sentry.request("GET", f"/projects/{organization}/backend/events/{event['eventID']}/")
    check(same["id"] == event["id"], "project event")
    suspects, _ = sentry.request("GET", f"/projects/{organization}/backend/events/{event['eventID']}/committers/")
    check(suspects["committers"][0]["author"]["email"] == "alice@example.com", f"committers: {suspects}")

    releases = sentry.paged(sentry.org("/releases/"), {"project": "11", "per_page": 1})
    check([r["version"] for r in releases] == ["backend@2.4.0", "backend@2.3.0"], f"releases: {releases}")
    release, _ = sentry.request("GET", sentry.org("/releases/backend@2.4.0/"), {"health": "true", "summaryStatsPeriod": "24h"})
    check(release["projects"][0]["healthData"]["crashFreeSessions"] == 97.8, "crash-free sessions")
    deploys = sentry.paged(sentry.org("/releases/backend@2.4.0/deploys/"))
    check({d["environment"] for d in deploys} == {"staging", "production"}, "deploys")

    created, _ = sentry.request("POST", sentry.org("/releases/"), body={"version": "backend@2.4.1", "projects": ["backend"]})
    check(created["version"] == "backend@2.4.1" and created["shortVersion"] == "2.4.1", "release created")
    deploy, _ = sentry.request(
        "POST", sentry.org("/releases/backend@2.4.1/deploys/"), body={"environment": "production", "name": "2.4.1"}
    )
    check(deploy["environment"] == "production", "deploy created")
    resolved, _ = sentry.request(
        "PUT", sentry.org("/issues/4710/"), body={"status": "resolved", "statusDetails": {"inNextRelease": True}}
    )
    check(resolved["status"] == "resolved" and resolved["statusDetails"] == {"inNextRelease": True}, "resolved")
    assigned, _ = sentry.request("PUT", sentry.org("/issues/4711/"), body={"assignedTo": "user:1"})
    check(assigned["assignedTo"]["email"] == "alice@example.com", "assigned")
    note, _ = sentry.request("POST", sentry.org("/issues/4711/notes/"), body={"text": "Looking into it."})
    check(note["type"] == "note" and note["data"]["text"] == "Looking into it.", "note")
    stats, _ = sentry.request(
        "GET", sentry.org("/stats_v2/"), {"field": "sum(quantity)", "groupBy": ["outcome", "project"], "statsPeriod": "3d"}
    )
    check(len(stats["intervals"]) == 3 and stats["groups"], "stats")

    try:
        sentry.request("GET", sentry.org("/issues/999999/"))
        check(False, "a missing issue answered")
    except SentryError as error:
        check(error.status == 404 and "detail" in error.detail, f"404 body: {error.detail}")
    try:
        sentry.request("PUT", sentry.org("/issues/4711/"), body={"status": "fixed"})
        check(False, "an invalid status was accepted")
    except SentryError as error:
        check(error.status == 400 and "status" in error.detail, f"400 body: {error.detail}")
    print(f"OK {sentry.calls}")


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, SentryError) as failure:
        print(f"FAILED {failure}")
        sys.exit(1)
