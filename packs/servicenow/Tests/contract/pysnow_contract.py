"""pysnow (PyPI "pysnow", ServiceNow's Table API client) against the ServiceNow emulator.

Usage: pysnow_contract.py BASE_URL USERNAME PASSWORD CLIENT_ID CLIENT_SECRET

Every Table API operation pysnow has — get (by number, by QueryBuilder, fields, display values, paging by Link
header), create, update (GET then PUT), delete — with basic auth, then the OAuth password grant of pysnow's
OAuthClient (POST /oauth_token.do) and a call with the bearer token. Prints "OK <n> checks" at the end; any failure
raises.
"""

import os
import sys
from urllib.parse import urlparse

# requests-oauthlib refuses plain http; the emulator is loopback.
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

import pysnow  # noqa: E402

base, user, password, client_id, client_secret = sys.argv[1:6]
host = urlparse(base).netloc
checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1


client = pysnow.Client(host=host, user=user, password=password, use_ssl=False)
incidents = client.resource(api_path="/table/incident")

# By number, as a dict query.
one = incidents.get(query={"number": "INC0010001"}).one()
check(one["correlation_id"] == "alert-1001", "INC0010001 by number: %r" % one)
check(isinstance(one["cmdb_ci"], dict) and len(one["cmdb_ci"]["value"]) == 32, "a reference is {link, value}")

# A QueryBuilder query, fields and display values.
query = pysnow.QueryBuilder().field("active").equals("true").AND().field("impact").less_than(3)
found = list(incidents.get(query=query, fields=["number", "impact", "cmdb_ci"], display_value=True).all())
check(any(r["number"] == "INC0010001" for r in found), "active incidents with impact < 3: %r" % found)
check(all(set(r) == {"number", "impact", "cmdb_ci"} for r in found), "sysparm_fields")
check(found[0]["cmdb_ci"] == "checkout-web", "display values: %r" % found[0])

# Pages by sysparm_limit and sysparm_offset (pysnow 0.7 reads one page per get; it does not follow Link).
pages = [
    [r["number"] for r in incidents.get(query="active=true^ORDERBYnumber", limit=1, offset=at, fields=["number"]).all()]
    for at in (0, 1)
]
check(pages == [["INC0010001"], ["INC0010002"]], "pages: %r" % pages)

# Create, update (pysnow reads the record, then PUTs), read back, delete.
created = incidents.create(payload={"short_description": "pysnow contract", "impact": "3", "correlation_id": "py-1"})
record = created.one()
check(record["number"].startswith("INC"), "created: %r" % record)
updated = incidents.update(query={"number": record["number"]}, payload={"urgency": "1", "work_notes": "from pysnow"})
check(updated.one()["urgency"] == "1", "updated: %r" % updated.one())
check(incidents.get(query={"correlation_id": "py-1"}).one()["urgency"] == "1", "read back")
deleted = incidents.delete(query={"number": record["number"]})
check(deleted.get("status") == "record deleted", "deleted: %r" % deleted)
check(len(list(incidents.get(query={"correlation_id": "py-1"}).all())) == 0, "gone")

# The CMDB and a dot-walked query.
cis = client.resource(api_path="/table/cmdb_ci_service")
names = sorted(r["name"] for r in cis.get(query="nameSTARTSWITHpayments").all())
check(names == ["payments-api", "payments-api-staging"], "services: %r" % names)
changes = client.resource(api_path="/table/change_request")
on_staging = [r["number"] for r in changes.get(query="cmdb_ci.name=payments-api-staging").all()]
check(on_staging == ["CHG0030001"], "changes on payments-api-staging: %r" % on_staging)

# A 404 from the emulator is pysnow's NoResults-free error path: get by unknown number has no results.
try:
    incidents.get(query={"number": "INC9999999"}).one()
    check(False, "an unknown number has no record")
except pysnow.exceptions.NoResults:
    check(True, "")

# OAuth: the password grant at /oauth_token.do, then a call with the bearer token.
oauth = pysnow.OAuthClient(client_id=client_id, client_secret=client_secret, host=host, use_ssl=False)
token = oauth.generate_token(user, password)
check(token.get("access_token") and token.get("refresh_token"), "the password grant answered a token")
oauth.set_token(token)
via_oauth = oauth.resource(api_path="/table/sys_user").get(query={"user_name": "alice.ops"}).one()
check(via_oauth["email"] == "alice@example.com", "a call with the OAuth token: %r" % via_oauth)

print("OK %d checks" % checks)
