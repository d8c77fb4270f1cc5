"""PagerDuty's official Python client (PyPI "pagerduty") against the pagerduty pack's emulator.

Usage: pagerduty_client_contract.py BASE_URL API_KEY FROM_EMAIL ROUTING_KEY

Every operation the pack uses, through the client's own helpers: iter_all pages by offset/limit while "more" is
true, rget/rput/rpost/rdelete wrap and unwrap PagerDuty's entity envelopes, the REST client sends
"Authorization: Token token=…", the versioned Accept header and From; the Events API v2 client triggers an alert.
Prints "OK <n> checks" at the end; any failed check raises.
"""

import sys

import pagerduty

base, api_key, email, routing_key = sys.argv[1:5]
checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1


client = pagerduty.RestApiV2Client(api_key, default_from=email, base_url=base)

# Reads, with the client's paging (limit 1 forces three pages).
incidents = list(client.iter_all("incidents", params={"statuses[]": ["triggered", "acknowledged", "resolved"], "date_range": "all", "limit": 1}))
check([i["id"] for i in incidents] == ["PINC0001", "PINC0002", "PINC0003"], f"incidents: {incidents}")
incident = client.rget("/incidents/PINC0001")
check(incident["incident_number"] == 101, f"incident: {incident}")
entries = list(client.iter_all("/incidents/PINC0001/log_entries"))
check(len(entries) == 2, f"log entries: {entries}")
notes = client.rget("/incidents/PINC0002/notes")
check(notes[0]["id"] == "PNOT0001", f"notes: {notes}")
alerts = list(client.iter_all("/incidents/PINC0001/alerts", params={"limit": 1}))
check([a["id"] for a in alerts] == ["PALR0001", "PALR0002"], f"alerts: {alerts}")
oncalls = list(client.iter_all("oncalls", params={"escalation_policy_ids[]": ["PESC0001"]}))
check([o["user"]["id"] for o in oncalls] == ["PUSR0002", "PUSR0003"], f"oncalls: {oncalls}")
schedules = list(client.iter_all("schedules", params={"query": "primary"}))
check(schedules[0]["id"] == "PSCH0001", f"schedules: {schedules}")
schedule = client.rget("/schedules/PSCH0001", params={"since": "2026-12-07T00:00:00Z", "until": "2026-12-08T00:00:00Z"})
check(len(schedule["final_schedule"]["rendered_schedule_entries"]) == 2, f"schedule: {schedule}")
services = list(client.iter_all("services"))
check(len(services) == 2, f"services: {services}")
check(client.rget("/services/PSVC0001")["name"] == "checkout-api", "service")
policies = list(client.iter_all("escalation_policies"))
check(policies[0]["id"] == "PESC0001", f"policies: {policies}")
check(client.rget("/users/PUSR0003")["email"] == "carol@cordum.example", "user")

# Writes: From comes from default_from.
acked = client.rput("/incidents/PINC0001", json={"type": "incident_reference", "status": "acknowledged"})
check(acked["status"] == "acknowledged", f"acknowledge: {acked}")
note = client.rpost("/incidents/PINC0001/notes", json={"content": "Looking at the 08:05 deploy."})
check(note["content"] == "Looking at the 08:05 deploy.", f"note: {note}")
reassigned = client.rput(
    "/incidents/PINC0001",
    json={"type": "incident_reference", "assignments": [{"assignee": {"id": "PUSR0003", "type": "user_reference"}}]},
)
check(reassigned["assignments"][0]["assignee"]["id"] == "PUSR0003", f"reassign: {reassigned}")
snoozed = client.post("/incidents/PINC0001/snooze", json={"duration": 600})
check(snoozed.status_code == 201, f"snooze: {snoozed.status_code} {snoozed.text}")
resolved = client.rput("/incidents/PINC0001", json={"type": "incident_reference", "status": "resolved", "resolution": "Flag off."})
check(resolved["status"] == "resolved", f"resolve: {resolved}")
window = client.rpost(
    "maintenance_windows",
    json={
        "type": "maintenance_window",
        "start_time": "2026-12-09T01:00:00Z",
        "end_time": "2026-12-09T02:00:00Z",
        "description": "migration",
        "services": [{"id": "PSVC0001", "type": "service_reference"}],
    },
)
check(window["id"].startswith("PMWN"), f"maintenance window: {window}")
check(client.rdelete(f"/maintenance_windows/{window['id']}").status_code == 204, "maintenance window delete")
check(client.rdelete("/services/PSVC0002").status_code == 204, "service delete")

# Errors come back as the client's HTTP errors with PagerDuty's status.
try:
    client.rget("/incidents/PNOPE")
    check(False, "a missing incident was found")
except pagerduty.HttpError as error:
    check(error.response.status_code == 404, f"missing incident: {error.response.status_code}")
try:
    pagerduty.RestApiV2Client("wrong-key", base_url=base).rget("/incidents/PINC0001")
    check(False, "a wrong key was accepted")
except pagerduty.HttpError as error:
    check(error.response.status_code == 401, f"wrong key: {error.response.status_code}")

# The Events API v2.
events = pagerduty.EventsApiV2Client(routing_key, base_url=base)
dedup = events.trigger("CPU 97% on checkout-api-7", "checkout-api-7", dedup_key="cpu-7", severity="critical")
check(dedup == "cpu-7", f"trigger: {dedup}")
check(events.acknowledge("cpu-7") == "cpu-7", "event acknowledge")
check(events.resolve("cpu-7") == "cpu-7", "event resolve")

print(f"OK {checks} checks")
