"""Cordum's official Python client, cordum-sdk 0.1.0, against the host's HTTP API.

Calls every SDK operation whose route Cordum's gateway (cordum-io/cordum c7ddbe09) has, in the order a user would:
status, packs, policy, workflows and runs, approvals, jobs, the dead-letter queue, memory, artifacts, locks, and
refusals. Each step checks what the SDK handed back. Prints one JSON line at the end:
{"ok": true, "covered": [operation, ...], "workarounds": [name, ...]} (exit 0), or the failed step (exit 1).

Where SDK 0.1.0 cannot read what Cordum's gateway answers, the host answers as the gateway does and the step calls
the route through the SDK's own `client.request` (same transport, key, tenant header and error mapping) and checks
the raw JSON. Each such step is listed in WORKAROUNDS with the reason (docs/interop.md, table SDK1-SDK7).

Usage: cordum_sdk_client.py --url URL --tenant T --admin-key K --submit-key K --approve-key K --other-key K
       --other-tenant T2 --bundle PACK.TGZ
"""

import argparse
import json
import sys
import time
import urllib.parse
import uuid

from cordum_sdk import CordumClient
from cordum_sdk.errors import AuthenticationError, AuthorizationError, ConflictError, CordumError, NotFoundError
from cordum_sdk._generated.api.approvals import approve_job, list_approvals, reject_job
from cordum_sdk._generated.api.config import get_config, get_effective_config, set_config
from cordum_sdk._generated.api.dlq import delete_dlq_entry, list_dlq, list_dlq_paginated, retry_dlq_entry
from cordum_sdk._generated.api.health import get_status, health_check
from cordum_sdk._generated.api.marketplace import list_marketplace_packs
from cordum_sdk._generated.api.schemas import create_schema, delete_schema, get_schema
from cordum_sdk._generated.api.locks import acquire_lock, get_lock, release_lock
from cordum_sdk._generated.api.memory import create_artifact, get_artifact, get_memory
from cordum_sdk._generated.api.packs import get_pack, install_pack, list_packs, verify_pack
from cordum_sdk._generated.models import (
    ApprovalDecisionRequest,
    ConfigDocument,
    ConfigDocumentData,
    ConfigDocumentScope,
    GetConfigScope,
    CreateArtifactRequest,
    CreateBundleSnapshotBody,
    InstallPackBody,
    LockRequest,
    PolicyCheckRequest,
    PublishPolicyRequest,
    RemediateJobBody,
    RerunWorkflowBody,
    RollbackPolicyRequest,
    SchemaRecord,
    StartWorkflowRunBody,
    SubmitJobRequest,
    UpdatePolicyBundleRequest,
    WorkflowDefinition,
)
from cordum_sdk._generated.types import File

# SDK 0.1.0 cannot read these answers of Cordum's gateway (the host answers as the gateway does); the steps named
# here go through client.request and check the raw JSON instead of the SDK's model.
WORKAROUNDS = {
    "SDK1 python-dateutil": "the SDK's models import dateutil, which the package does not declare",
    "SDK2 policy decision": "protojson spells decisions DECISION_TYPE_* (REQUIRE_HUMAN for approval); the SDK expects ALLOW, DENY, REQUIRE_APPROVAL and rule_id",
    "SDK3 approval decision": "approval items carry the gate's decision (REQUIRE_APPROVAL); the SDK's enum knows "
    "APPROVED, PENDING, REJECTED",
    "SDK4 lock mode": "locks answer mode exclusive or shared; the SDK's enum knows EXCLUSIVE, SHARED",
    "SDK5 lock release": "release answers {lock: null, released: true} once free; the SDK's model cannot read null",
    "SDK6 policy audit": "the policy audit answers {items: [...]}; the SDK expects a bare array",
    "SDK8 bundle map": "the bundle list's `bundles` is the gateway's map of id to bundle; the SDK expects a list",
    "SDK9 kernel snapshots": "the kernel's snapshot list is protojson {snapshots: [ids]}; the SDK expects an array",
    "SDK10 path parameters": "the SDK puts path parameters into the URL unencoded; an artifact pointer "
    "(redis://art:...) must be one percent-encoded segment, as for the gateway",
    "SDK11 schema list": "the schema list is the gateway's {schemas: [ids]}; the SDK expects schema records",
    "SDK12 workers": "the gateway lists worker heartbeats as an array; the SDK expects {items}",
    "SDK13 uninstalled status": "an uninstalled pack's status is DISABLED, which the SDK's enum lacks",
    "SDK7 namespaces": "packs, approvals, DLQ, memory, artifacts, locks, config, schemas and the marketplace have no "
    "namespace on the client; their generated operations are called through the client's own invoke",
}

covered = []


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def op(client, module, *args, **kwargs):
    """Calls a generated operation through the client (tenant, key, retries and error mapping as a namespace)."""
    covered.append(module.__name__.rsplit(".", 1)[-1])
    return client._invoke_operation(module, *args, **kwargs)


def raw(client, name, method, path, **kwargs):
    """A route the SDK's model cannot read (see WORKAROUNDS): the SDK's generic request, raw JSON back."""
    covered.append(name)
    return client.request(method, path, **kwargs)


def expect_error(kind, call):
    try:
        call()
    except kind as error:
        return error
    raise AssertionError(f"expected {kind.__name__}")


def wait_for(what, probe, timeout=20.0):
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def status_and_packs(admin, args):
    answer = op(admin, get_status)
    check(answer.build.version, "status names the build version")
    check(answer.time is not None, "status carries the time")
    check(isinstance(answer.workers["count"], int), "status counts the workers")
    with open(args.bundle, "rb") as bundle:
        record = op(
            admin,
            install_pack,
            body=InstallPackBody(bundle=File(payload=bundle, file_name="pack.tgz", mime_type="application/gzip")),
        )
    check(record.id == "hello" and record.version == "0.1.0", f"install answers the pack record: {record}")
    check(record.status.value == "ACTIVE", "the installed pack is ACTIVE")
    listed = op(admin, list_packs)
    check([item.id for item in listed.items] == ["hello"], "packs lists hello")
    check(op(admin, get_pack, "hello").id == "hello", "get_pack reads the record")
    verification = op(admin, verify_pack, "hello")
    check(verification.pack_id == "hello", "verify names the pack")
    results = verification.additional_properties.get("results", [])
    check(results and all(result["ok"] for result in results), f"every simulation of hello passes: {results}")


HOLD_SIGN = ('version: v1\nrules:\n  - id: hold-sign\n    match:\n      topics: [job.hello.guestbook.sign]\n'
             '    decision: require_approval\n    reason: a person signs off every direct signature\n')
EXPORTS = ('version: v1\nrules:\n  - id: no-exports\n    match:\n      topics: ["job.sdk.*"]\n'
           '    decision: deny\n    reason: exports are closed\n')


def policy(admin, submitter, args):
    # A direct signature (outside the workflow and its approval step) must wait for a human: a bundle ordered
    # before the pack's fragment, added through the config API as an operator would.
    current = op(admin, get_config, scope=GetConfigScope.SYSTEM, scope_id="policy")
    data = current.data.to_dict()
    data["bundles"]["00-secops/hold-sign"] = {"content": HOLD_SIGN, "enabled": True}
    op(admin, set_config, body=ConfigDocument(scope=ConfigDocumentScope.SYSTEM, scope_id="policy",
                                              data=ConfigDocumentData.from_dict(data)))

    request = PolicyCheckRequest(topic="job.hello.guestbook.sign", capability="hello.guestbook.sign",
                                 risk_tags=["write"])
    # SDK2: evaluate, simulate and explain answer protojson decisions.
    body = request.to_dict()
    evaluated = raw(submitter, "evaluate_policy", "POST", "/api/v1/policy/evaluate", json_body=body)
    check(evaluated["decision"] == "DECISION_TYPE_REQUIRE_HUMAN", f"a direct write needs approval: {evaluated}")
    check(evaluated["ruleId"] == "hold-sign", "by the operator's rule")
    simulated = raw(submitter, "simulate_policy", "POST", "/api/v1/policy/simulate", json_body=body)
    check(simulated["decision"] == evaluated["decision"], "simulate decides as evaluate")
    explained = raw(submitter, "explain_policy", "POST", "/api/v1/policy/explain", json_body=body)
    check(explained["decision"] == evaluated["decision"] and explained["ruleId"] == evaluated["ruleId"],
          "explain shares evaluate's shape")
    check(explained["explanation"]["matched_rule"]["rule_id"] == "hold-sign", "explain says which rule")
    camel = raw(submitter, "evaluate_policy", "POST", "/api/v1/policy/evaluate",
                json_body={"topic": "job.hello.guestbook.sign", "meta": {"riskTags": ["write"]}, "jobId": "j1"})
    check(camel["decision"] == evaluated["decision"], "protojson's JSON names are read too")

    # SDK8: the bundle list answers `bundles` as the gateway's map of bundle id to bundle.
    bundles = raw(admin, "list_policy_bundles", "GET", "/api/v1/policy/bundles")
    check("hello/safety" in bundles["bundles"], f"bundles map the pack's fragment: {bundles}")
    check(any(item["id"] == "hello/safety" for item in bundles["items"]), "and list it")
    fragment = admin.policies.get_policy_bundle("hello~safety")
    check("hello-greet" in fragment.content, "a bundle answers its content")
    rules = admin.policies.list_policy_rules()
    check(any(rule.id == "hold-sign" and rule.source["fragment_id"] == "00-secops/hold-sign" for rule in rules.items),
          "rules name their bundle")
    # SDK9: the kernel's snapshot list is protojson {snapshots: [ids]}.
    snapshots = raw(admin, "list_policy_snapshots", "GET", "/api/v1/policy/snapshots")
    check(snapshots["snapshots"] == [evaluated["policySnapshot"]], f"the live snapshot is listed: {snapshots}")
    covered.extend(["get_policy_bundle", "list_policy_rules"])

    # A policy-studio bundle closing job.sdk.*: a draft, simulated, published, then rolled back.
    expect_error(AuthorizationError, lambda: submitter.policies.update_policy_bundle(
        "secops~exports", body=UpdatePolicyBundleRequest(content=EXPORTS)))
    draft = admin.policies.update_policy_bundle(
        "secops~exports", body=UpdatePolicyBundleRequest(content=EXPORTS, enabled=False, message="draft"))
    check(draft.id == "secops/exports" and draft.enabled is False, f"the draft is stored disabled: {draft}")
    export = {"topic": "job.sdk.export"}
    simulated = raw(admin, "simulate_policy_bundle", "POST", "/api/v1/policy/bundles/secops~exports/simulate",
                    json_body={"request": export, "content": EXPORTS})
    check(simulated["decision"] == "DECISION_TYPE_DENY", f"the edit would deny: {simulated}")
    live = raw(admin, "evaluate_policy", "POST", "/api/v1/policy/evaluate", json_body=export)
    check(live["decision"] == "DECISION_TYPE_ALLOW", f"the draft does not change live decisions: {live}")
    snapshot = admin.policies.create_bundle_snapshot(body=CreateBundleSnapshotBody(note="before exports"))
    check(snapshot.id and snapshot.note == "before exports", f"a snapshot is captured: {snapshot}")
    check(any(item.id == snapshot.id for item in admin.policies.list_bundle_snapshots().items), "snapshots list it")
    check(admin.policies.get_bundle_snapshot(snapshot.id).id == snapshot.id, "a snapshot reads back")
    published = admin.policies.publish_policy(body=PublishPolicyRequest(bundle_ids=["secops/exports"], author="root", message="go"))
    check(published["published"] == ["secops/exports"], f"publish names the bundle: {published}")
    denied = raw(admin, "evaluate_policy", "POST", "/api/v1/policy/evaluate", json_body=export)
    check(denied["decision"] == "DECISION_TYPE_DENY" and denied["ruleId"] == "no-exports", "published: denied")
    rolled = admin.policies.rollback_policy(body=RollbackPolicyRequest(snapshot_id=snapshot.id, author="root", message="undo"))
    check(rolled["rollback_to"] == snapshot.id, f"rollback names the snapshot: {rolled}")
    again = raw(admin, "evaluate_policy", "POST", "/api/v1/policy/evaluate", json_body=export)
    check(again["decision"] == "DECISION_TYPE_ALLOW", "rolled back: the draft is disabled again")
    audit = raw(admin, "get_policy_audit", "GET", "/api/v1/policy/audit")
    actions = [entry["action"] for entry in audit["items"]]
    check("publish" in actions and "rollback" in actions, f"the policy audit has publish and rollback: {actions}")
    check(all(entry["actor_id"] == "root" for entry in audit["items"] if entry["action"] in ("publish", "rollback")),
          "the policy audit names the admin")
    covered.extend(["update_policy_bundle", "create_bundle_snapshot", "list_bundle_snapshots", "get_bundle_snapshot",
                    "publish_policy", "rollback_policy"])


def workflows_and_runs(submitter, approver, args):
    flows = submitter.workflows
    listed = flows.list_workflows()
    check(any(flow.id == "hello.greet-and-sign" and "approve" in flow.steps.additional_properties for flow in listed),
          "workflows list Cordum's workflow objects")
    wf = flows.get_workflow("hello.greet-and-sign")
    check(wf.name and wf.steps["greet"].type == "worker", f"get_workflow answers the definition: {wf}")
    own = WorkflowDefinition.from_dict({
        "id": "sdk.greet", "name": "SDK greeting",
        "steps": {"hi": {"id": "hi", "type": "worker", "topic": "job.hello.greet", "input": {"name": "${input.name}"}}},
    })
    created = flows.create_workflow(body=own)
    check(created.id == "sdk.greet", "create_workflow answers the id")
    started = flows.start_workflow_run("sdk.greet", body=StartWorkflowRunBody.from_dict({"name": "Ada"}))
    run = wait_for("sdk.greet to finish", lambda: done(flows.get_workflow_run(started.run_id)))
    check(run.status.value == "succeeded", f"the run succeeded: {run}")
    check(run.steps["hi"].output["greeting"].startswith("Hello"), "the step's output is read")
    timeline = flows.get_run_timeline(started.run_id)
    check(timeline and all(event.type for event in timeline), "the timeline lists events")
    runs = flows.list_workflow_runs("sdk.greet")
    check([summary.id for summary in runs] == [started.run_id], "a workflow's runs are an array")
    page = flows.list_all_workflow_runs(workflow_id="sdk.greet", limit=10)
    check(page.items[0].id == started.run_id, "all runs page")
    rerun = flows.rerun_workflow(started.run_id, body=RerunWorkflowBody(from_step="hi"))
    wait_for("the rerun to finish", lambda: done(flows.get_workflow_run(rerun.run_id)))
    flows.delete_workflow_run(rerun.run_id)
    expect_error(NotFoundError, lambda: flows.get_workflow_run(rerun.run_id))

    # A run waiting at its approval step: cancelled through Cordum's path.
    held = flows.start_workflow_run("hello.greet-and-sign", body=StartWorkflowRunBody.from_dict({"name": "Bo"}))
    wait_for("the approval step", lambda: flows.get_workflow_run(held.run_id).status.value == "waiting")
    expect_error(ConflictError, lambda: flows.delete_workflow_run(held.run_id))
    flows.cancel_workflow_run("hello.greet-and-sign", held.run_id)
    check(flows.get_workflow_run(held.run_id).status.value == "cancelled", "cancel ends the run")
    flows.delete_workflow("sdk.greet")
    expect_error(NotFoundError, lambda: flows.get_workflow("sdk.greet"))
    covered.extend(["list_workflows", "get_workflow", "create_workflow", "start_workflow_run", "get_workflow_run",
                    "get_run_timeline", "list_workflow_runs", "list_all_workflow_runs", "rerun_workflow",
                    "delete_workflow_run", "cancel_workflow_run", "delete_workflow"])


def done(run):
    return run if run.status.value in ("succeeded", "failed", "cancelled", "timed_out", "denied") else None


def jobs_and_approvals(submitter, approver, args):
    jobs = submitter.jobs
    read = jobs.submit_job(body=SubmitJobRequest.from_dict(
        {"prompt": "greet", "topic": "job.hello.greet", "context": {"name": "Cy"}, "capability": "hello.greet"}))
    check(read.job_id and read.trace_id, f"submit answers job_id and trace_id: {read}")
    job = wait_for("the greeting", lambda: finished(jobs.get_job(read.job_id)))
    check(job.state == "SUCCEEDED" and job.result["greeting"].startswith("Hello"), f"the job succeeded: {job}")
    check(job.trace_id == read.trace_id, "the job keeps its trace")
    check(any(item.id == read.job_id for item in jobs.list_jobs(state="SUCCEEDED", limit=50).items),
          "jobs list by Cordum's state names")
    decisions = jobs.get_job_decisions(read.job_id)
    check(decisions and decisions[0].action.value == "ALLOW", f"the gate's decision is listed: {decisions}")
    trace = jobs.get_trace(read.trace_id)
    check([item.id for item in trace] == [read.job_id], "a trace lists its jobs")

    # A write waits for a human: approved by another principal, and one rejected.
    writes = []
    for name in ("Di", "Ed"):
        writes.append(jobs.submit_job(body=SubmitJobRequest.from_dict({
            "prompt": "sign", "topic": "job.hello.guestbook.sign", "context": {"name": name, "message": "hi"},
            "idempotency_key": f"sign-{name}-{uuid.uuid4()}"})).job_id)
    for job_id in writes:
        wait_for("the hold", lambda: jobs.get_job(job_id).state == "APPROVAL_REQUIRED")
    pending = raw(approver, "list_approvals", "GET", "/api/v1/approvals", query={"limit": 50})
    held = {item["job"]["id"]: item for item in pending["items"] if "job" in item}
    check(set(writes) <= set(held), f"approval items carry their jobs: {pending}")
    check(held[writes[0]]["decision"] == "REQUIRE_APPROVAL", "an item carries the gate's decision")
    granted = op(approver, approve_job, writes[0], body=ApprovalDecisionRequest(reason="reviewed"))
    check(granted.job_id == writes[0] and granted.trace_id, f"approve answers job_id and trace_id: {granted}")
    rejected = op(approver, reject_job, writes[1], body=ApprovalDecisionRequest(reason="not today"))
    check(rejected.job_id == writes[1], "reject answers the job id")
    signed = wait_for("the approved write", lambda: finished(jobs.get_job(writes[0])))
    check(signed.state == "SUCCEEDED", f"the approved write ran: {signed}")
    check(jobs.get_job(writes[1]).state == "DENIED", "the rejected write is denied")
    covered.extend(["submit_job", "get_job", "list_jobs", "get_job_decisions", "get_trace"])
    try:
        op(approver, list_approvals)
    except ValueError:
        pass  # SDK3: the SDK's enum cannot read the gate's decision; checked through client.request above.


def finished(job):
    return job if job.state in ("SUCCEEDED", "FAILED", "DENIED", "CANCELLED", "TIMEOUT") else None


def dead_letters(submitter, args):
    job_id = submitter.jobs.submit_job(body=SubmitJobRequest.from_dict(
        {"prompt": "x", "topic": "job.nobody.listens"})).job_id
    wait_for("the dead letter", lambda: any(entry.job_id == job_id for entry in op(submitter, list_dlq, limit=50)),
             timeout=30)
    page = op(submitter, list_dlq_paginated, limit=50)
    entry = next(item for item in page.items if item.job_id == job_id)
    check(entry["reason_code"], f"a dead letter names its reason: {entry}")
    retried = op(submitter, retry_dlq_entry, job_id)
    check(retried.job_id and retried.job_id != job_id, f"a retry is a new job: {retried}")
    check(all(entry.job_id != job_id for entry in op(submitter, list_dlq, limit=50)), "a retried entry leaves")
    # Nothing serves the topic, so the retry is dead-lettered in turn; then deleted.
    wait_for("the retry's dead letter",
             lambda: any(entry.job_id == retried.job_id for entry in op(submitter, list_dlq, limit=50)), timeout=30)
    op(submitter, delete_dlq_entry, retried.job_id)
    check(all(entry.job_id != retried.job_id for entry in op(submitter, list_dlq, limit=50)), "the entry is deleted")
    expect_error(NotFoundError, lambda: op(submitter, delete_dlq_entry, retried.job_id))


def data(submitter, args):
    stored = op(submitter, create_artifact, body=CreateArtifactRequest.from_dict(
        {"content_base64": "bm90ZXM=", "content_type": "text/plain", "labels": {"case": "sdk"}}))
    check(stored.artifact_ptr.startswith("redis://art:") and stored.size_bytes == 5, f"artifact stored: {stored}")
    # SDK10: the pointer is one path segment, so it goes percent-encoded.
    artifact = op(submitter, get_artifact, urllib.parse.quote(stored.artifact_ptr, safe=""))
    check(artifact.content_base64 == "bm90ZXM=", "the artifact reads back")
    check(artifact.metadata.labels["case"] == "sdk", "with its labels")
    job = submitter.jobs.list_jobs(state="SUCCEEDED", limit=1).items[0]
    memory = op(submitter, get_memory, ptr=f"redis://res:{job.id}")
    check(memory.additional_properties["kind"] == "result", f"memory reads a result: {memory}")

    resource = f"sdk-{uuid.uuid4()}"
    lock = {"resource": resource, "owner": "w1", "mode": "exclusive", "ttl_ms": 60000}
    # SDK4: the lock's mode is lower-case, as the gateway answers.
    taken = raw(submitter, "acquire_lock", "POST", "/api/v1/locks/acquire", json_body=lock)
    check(taken["mode"] == "exclusive" and "w1" in taken["owners"], f"the lock is taken: {taken}")
    expect_error(ConflictError, lambda: op(submitter, acquire_lock, body=LockRequest.from_dict(
        {"resource": resource, "owner": "w2", "mode": "SHARED"})))
    check(raw(submitter, "get_lock", "GET", "/api/v1/locks", query={"resource": resource})["resource"] == resource,
          "the lock reads back")
    renewed = raw(submitter, "renew_lock", "POST", "/api/v1/locks/renew", json_body=lock)
    check("w1" in renewed["owners"], "the lock is renewed")
    # SDK5: release answers {lock: null, released: true}.
    released = raw(submitter, "release_lock", "POST", "/api/v1/locks/release", json_body=lock)
    check(released["released"] is True and released["lock"] is None, f"the lock is released: {released}")
    expect_error(NotFoundError, lambda: op(submitter, get_lock, resource=resource))
    expect_error(ConflictError, lambda: op(submitter, release_lock, body=LockRequest.from_dict(
        {"resource": resource, "owner": "w1", "mode": "EXCLUSIVE"})))


def the_rest(admin, submitter, args):
    covered.append("health_check")
    check(health_check.sync(client=CordumClient(args.url)._generated_client) == "ok", "/health answers ok, no key")
    # SDK12: the gateway lists the workers' heartbeats as an array.
    workers = raw(admin, "list_workers", "GET", "/api/v1/workers")
    check(any(worker["worker_id"] and worker["pool"] == "hello" for worker in workers), f"workers: {workers}")
    op(submitter, create_schema, body=SchemaRecord.from_dict({"id": "sdk/Note", "schema": {"type": "object"}}))
    # SDK11: the schema list is the gateway's {schemas: [ids]}.
    check("sdk/Note" in raw(submitter, "list_schemas", "GET", "/api/v1/schemas")["schemas"], "schemas list ids")
    check(op(submitter, get_schema, "sdk%2FNote").id == "sdk/Note", "a schema reads back")
    op(submitter, delete_schema, "sdk%2FNote")
    expect_error(NotFoundError, lambda: op(submitter, get_schema, "sdk%2FNote"))
    effective = op(submitter, get_effective_config)
    check(effective is not None, "the effective config reads")
    catalog = op(submitter, list_marketplace_packs)
    check(catalog.items is not None or catalog.catalogs is not None, "the marketplace lists")

    jobs = submitter.jobs
    held = jobs.submit_job(body=SubmitJobRequest.from_dict(
        {"prompt": "sign", "topic": "job.hello.guestbook.sign", "context": {"name": "Fy", "message": "hi"}})).job_id
    wait_for("the hold", lambda: jobs.get_job(held).state == "APPROVAL_REQUIRED")
    cancelled = jobs.cancel_job(held)
    check(cancelled.id == held and cancelled.state == "CANCELLED", f"cancel answers the job: {cancelled}")
    wave = jobs.submit_job(body=SubmitJobRequest.from_dict({"prompt": "x", "topic": "job.hello.wave"})).job_id
    wait_for("the denial", lambda: jobs.get_job(wave).state == "DENIED")
    remedied = jobs.remediate_job(wave, body=RemediateJobBody(remediation_id="use-declared-topic"))
    check(remedied.job_id and remedied.job_id != wave, f"a remediation is a new job: {remedied}")
    covered.extend(["cancel_job", "remediate_job"])


def uninstall(admin, args):
    # SDK13: an uninstalled record's status is the gateway's DISABLED, which the SDK's enum lacks.
    record = raw(admin, "uninstall_pack", "POST", "/api/v1/packs/hello/uninstall", json_body={"purge": False})
    check(record["status"] == "DISABLED", f"uninstall answers the record: {record}")


def refusals(args, other):
    wrong = CordumClient(args.url, "ck_not_a_key", tenant_id=args.tenant)
    error = expect_error(AuthenticationError, lambda: wrong.jobs.list_jobs())
    check(error.status_code == 401 and error.code == "unauthenticated", f"a wrong key is 401: {error}")
    foreign = CordumClient(args.url, args.other_key, tenant_id=args.tenant)
    error = expect_error(AuthorizationError, lambda: foreign.jobs.list_jobs())
    check(error.code == "forbidden", f"a key of another tenant is 403: {error}")
    check(other.jobs.list_jobs().items == [], "another tenant sees none of the jobs")
    check(other.workflows.list_all_workflow_runs().items == [], "nor the runs")
    covered.append("refusals")


def main():
    parser = argparse.ArgumentParser()
    for name in ("url", "tenant", "admin-key", "submit-key", "approve-key", "other-key", "other-tenant", "bundle"):
        parser.add_argument("--" + name, required=True)
    args = parser.parse_args()
    admin = CordumClient(args.url, args.admin_key, tenant_id=args.tenant)
    submitter = CordumClient(args.url, args.submit_key, tenant_id=args.tenant)
    approver = CordumClient(args.url, args.approve_key, tenant_id=args.tenant)
    other = CordumClient(args.url, args.other_key, tenant_id=args.other_tenant)
    step = "start"
    try:
        for step, run in (
            ("status and packs", lambda: status_and_packs(admin, args)),
            ("policy", lambda: policy(admin, submitter, args)),
            ("workflows and runs", lambda: workflows_and_runs(submitter, approver, args)),
            ("jobs and approvals", lambda: jobs_and_approvals(submitter, approver, args)),
            ("dead letters", lambda: dead_letters(submitter, args)),
            ("memory, artifacts and locks", lambda: data(submitter, args)),
            ("workers, schemas, config, marketplace, cancel, remediate", lambda: the_rest(admin, submitter, args)),
            ("refusals", lambda: refusals(args, other)),
            ("uninstall", lambda: uninstall(admin, args)),
        ):
            run()
    except (AssertionError, CordumError, ValueError, KeyError, TypeError, AttributeError) as error:
        print(json.dumps({"ok": False, "step": step, "error": f"{type(error).__name__}: {error}",
                          "covered": covered}))
        return 1
    print(json.dumps({"ok": True, "covered": sorted(set(covered)), "workarounds": sorted(WORKAROUNDS)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
