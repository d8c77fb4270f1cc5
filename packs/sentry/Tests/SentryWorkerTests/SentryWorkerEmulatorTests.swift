import EmulatorKit
import Foundation
import PackTesting
import SentryEmulator
import StructuredData
import Testing
import WorkerKit

@testable import SentryWorker

/// The worker against the emulator: every action, Sentry's error bodies mapped to the shared codes, `Link` paging
/// ended by `results="false"`, 429 with Retry-After, scopes, the organization default, project lists, destructive
/// actions enabled by exact name only, and dry-run plans.
@Suite("Sentry worker against the emulator")
struct SentryWorkerEmulatorTests {
    typealias SentryEmulatorServer = Emulator<SeededState<SentryWorld>>

    func withWorker(
        _ extra: [String: String] = [:],
        sleeps: Sleeps = Sleeps(),
        _ body: (SentryEmulatorServer, Worker, SecretRegistry) async throws -> Void
    ) async throws {
        try await withEmulatedWorker(
            try SentryEmulator.definition(),
            environment: extra,
            sleeps: sleeps,
            worker: { environment, secrets, clock in
                SentryWorker.make(
                    configuration: try SentryConfiguration(environment: environment, secrets: secrets),
                    retryClock: clock
                )
            },
            body: body
        )
    }

    func issue(_ emulator: SentryEmulatorServer, _ id: String) -> SentryWorld.Issue? {
        emulator.state.withLock { world in world.issues.first { $0.id == id } }
    }

    @Test("reads: an issue by short id, its latest event, tags, hashes, suspect commits, releases, deploys, stats")
    func reads() async throws {
        try await withWorker { _, worker, secrets in
            let got = await runJob(worker, topic: "job.sentry.issues.get", ["issue_id": "BACKEND-3"], secrets: secrets)
            #expect(got.output?["result"]?["id"] == "4711")
            #expect(got.output?["result"]?["firstRelease"]?["version"] == "backend@2.4.0")
            let latest = await runJob(
                worker,
                topic: "job.sentry.issues.events.latest",
                ["issue_id": "4711"],
                secrets: secrets
            )
            #expect(latest.output?["result"]?["eventID"] == "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d")
            let staging = await runJob(
                worker,
                topic: "job.sentry.issues.events.latest",
                ["issue_id": "4711", "environment": ["staging"]],
                secrets: secrets
            )
            #expect(staging.output?["result"]?["eventID"] == "1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f")
            let tags = await runJob(
                worker,
                topic: "job.sentry.issues.tags",
                ["issue_id": "4711", "key": "environment"],
                secrets: secrets
            )
            #expect(tags.output?["result"]?["totalValues"] == 2)
            let hashes = await runJob(worker, topic: "job.sentry.issues.hashes", ["issue_id": "4711"], secrets: secrets)
            #expect(hashes.output?["items"]?.arrayValue?.count == 2)
            let committers = await runJob(
                worker,
                topic: "job.sentry.events.committers",
                ["project": "backend", "event_id": "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"],
                secrets: secrets
            )
            let commits = committers.output?["result"]?["committers"]?.arrayValue?.first?["commits"]?.arrayValue
            #expect(commits?.first?["id"] == "e4c1d9a77b2f4c0b9a6d3e1f0a2b3c4d5e6f7a8b")
            #expect(committers.output?["project"] == "backend")
            let release = await runJob(
                worker,
                topic: "job.sentry.releases.get",
                ["version": "backend@2.4.0", "health": true],
                secrets: secrets
            )
            let health = release.output?["result"]?["projects"]?.arrayValue?.first?["healthData"]
            #expect(health?["crashFreeSessions"]?.doubleValue == 97.8)
            let releases = await runJob(
                worker,
                topic: "job.sentry.releases.list",
                ["project": "backend"],
                secrets: secrets
            )
            #expect(
                releases.output?["items"]?.arrayValue?.compactMap { $0["version"]?.stringValue }
                    == ["backend@2.4.0", "backend@2.3.0"]
            )
            let deploys = await runJob(
                worker,
                topic: "job.sentry.releases.deploys",
                ["version": "backend@2.4.0"],
                secrets: secrets
            )
            #expect(deploys.output?["items"]?.arrayValue?.first?["environment"] == "production")
            let projects = await runJob(worker, topic: "job.sentry.projects.list", [:], secrets: secrets)
            #expect(
                projects.output?["items"]?.arrayValue?.compactMap { $0["slug"]?.stringValue } == ["backend", "web"]
            )
            let stats = await runJob(
                worker,
                topic: "job.sentry.organizations.stats",
                ["field": "sum(quantity)", "groupBy": ["outcome"], "outcome": "accepted"],
                secrets: secrets
            )
            #expect(stats.output?["result"]?["groups"]?.arrayValue?.first?["totals"]?["sum(quantity)"] == 450)
        }
    }

    @Test("issues.list follows Link pages and stops at the next link marked results=\"false\"")
    func linkPaging() async throws {
        try await withWorker { emulator, worker, secrets in
            let listed = await runJob(
                worker,
                topic: "job.sentry.issues.list",
                ["project": "backend", "query": "is:unresolved", "limit": 1, "sort": "freq"],
                secrets: secrets
            )
            #expect(
                listed.output?["items"]?.arrayValue?.compactMap { $0["shortId"]?.stringValue } == [
                    "BACKEND-3", "BACKEND-2", "BACKEND-1",
                ]
            )
            #expect(listed.output?["pages"] == 3)
            #expect(listed.output?["truncated"] == false)
            let asked = emulator.requestLog.entries.filter { $0.path.hasSuffix("/issues/") }
            #expect(asked.count == 3)
            #expect(asked.last?.responseHeaders["link"]?.contains("rel=\"next\"; results=\"false\"") == true)
            let new = await runJob(
                worker,
                topic: "job.sentry.issues.list",
                ["project": "backend", "query": "is:unresolved firstRelease:backend@2.4.0"],
                secrets: secrets
            )
            #expect(new.output?["items"]?.arrayValue?.count == 2)
        }
    }

    @Test("writes: resolve in the next release, ignore with conditions, assign to a team, note, release, deploy")
    func writes() async throws {
        try await withWorker { emulator, worker, secrets in
            let resolved = await runJob(
                worker,
                topic: "job.sentry.issues.update",
                ["issue_id": "4710", "status": "resolved", "statusDetails": ["inNextRelease": true]],
                secrets: secrets
            )
            #expect(resolved.output?["result"]?["status"] == "resolved")
            #expect(resolved.output?["objects"]?.arrayValue?.first?["kind"] == "issue")
            #expect(issue(emulator, "4710")?.statusDetails["inNextRelease"] == true)
            let ignored = await runJob(
                worker,
                topic: "job.sentry.issues.update",
                ["issue_id": "4702", "status": "ignored", "statusDetails": ["ignoreCount": 100, "ignoreWindow": 60]],
                secrets: secrets
            )
            #expect(ignored.output?["result"]?["status"] == "ignored")
            #expect(issue(emulator, "4702")?.substatus == "archived_until_condition_met")
            let team = await runJob(
                worker,
                topic: "job.sentry.issues.update",
                ["issue_id": "4711", "assignedTo": "team:7"],
                secrets: secrets
            )
            #expect(team.output?["result"]?["assignedTo"]?["type"] == "team")
            let note = await runJob(
                worker,
                topic: "job.sentry.issues.note",
                ["issue_id": "4711", "text": "On it."],
                secrets: secrets
            )
            #expect(note.output?["result"]?["data"]?["text"] == "On it.")
            #expect(issue(emulator, "4711")?.notes.count == 1)
            let release = await runJob(
                worker,
                topic: "job.sentry.releases.create",
                ["version": "backend@2.5.0", "projects": ["backend"]],
                secrets: secrets
            )
            #expect(release.output?["status_code"] == 201)
            #expect(release.output?["objects"]?.arrayValue?.first?["id"] == "backend@2.5.0")
            let deploy = await runJob(
                worker,
                topic: "job.sentry.releases.deploys.create",
                ["version": "backend@2.5.0", "environment": "production"],
                secrets: secrets
            )
            #expect(deploy.output?["result"]?["environment"] == "production")
        }
    }

    @Test("a dry run answers the exact request and sends nothing")
    func dryRun() async throws {
        try await withWorker { emulator, worker, secrets in
            let planned = await runJob(
                worker,
                topic: "job.sentry.issues.update",
                ["issue_id": "4711", "assignedTo": "alice", "dry_run": true],
                secrets: secrets
            )
            #expect(planned.output?["dry_run"] == true)
            #expect(planned.output?["plan"]?["method"] == "PUT")
            #expect(
                planned.output?["plan"]?["url"]?.stringValue?.hasSuffix("/api/0/organizations/cordum-demo/issues/4711/")
                    == true
            )
            #expect(planned.output?["plan"]?["body"]?["assignedTo"] == "alice")
            #expect(emulator.requestLog.entries.isEmpty)
            #expect(issue(emulator, "4711")?.assignee == nil)
        }
    }

    @Test("issues.delete and issues.bulk-update run only when enabled by their exact names")
    func destructive() async throws {
        try await withWorker { emulator, worker, secrets in
            let refused = await runJob(
                worker,
                topic: "job.sentry.issues.delete",
                ["issue_id": "4801"],
                secrets: secrets
            )
            #expect(refused.error?.code == .actionNotAllowed)
            #expect(issue(emulator, "4801") != nil)
        }
        try await withWorker(["CORDUM_SENTRY_ALLOW_ACTIONS": "*,issues.delete,issues.bulk-update"]) {
            emulator,
            worker,
            secrets in
            let deleted = await runJob(
                worker,
                topic: "job.sentry.issues.delete",
                ["issue_id": "4801"],
                secrets: secrets
            )
            #expect(deleted.output?["result"]?["deleted"] == true)
            #expect(deleted.output?["status_code"] == 202)
            #expect(issue(emulator, "4801") == nil)
            let bulk = await runJob(
                worker,
                topic: "job.sentry.issues.bulk-update",
                ["project": "backend", "ids": ["4702", "4710"], "status": "resolved"],
                secrets: secrets
            )
            #expect(bulk.output?["objects"]?.arrayValue?.count == 2)
            #expect(issue(emulator, "4702")?.status == "resolved")
            #expect(issue(emulator, "4711")?.status == "unresolved")
            let put = emulator.requestLog.entries.last
            #expect(put?.query.filter { $0.name == "id" }.map(\.value) == ["4702", "4710"])
        }
    }

    @Test("Sentry's errors: 404, 400 with its detail, 403 for a read-only token, 401 for a wrong one")
    func errors() async throws {
        try await withWorker { _, worker, secrets in
            let missing = await runJob(worker, topic: "job.sentry.issues.get", ["issue_id": "999"], secrets: secrets)
            #expect(missing.error?.code == .notFound)
            #expect(missing.error?.message.contains("The requested resource does not exist") == true)
            let invalid = await runJob(
                worker,
                topic: "job.sentry.issues.update",
                ["issue_id": "4711", "statusDetails": ["inRelease": "backend@9.9.9"]],
                secrets: secrets
            )
            #expect(invalid.error?.code == .validationFailed)
            #expect(invalid.error?.message.contains("statusDetails: Invalid release") == true)
        }
        try await withWorker(["CORDUM_SENTRY_TOKEN": SentryDemo.readOnlyToken]) { _, worker, secrets in
            let read = await runJob(worker, topic: "job.sentry.issues.get", ["issue_id": "4711"], secrets: secrets)
            #expect(read.output?["result"]?["id"] == "4711")
            let write = await runJob(
                worker,
                topic: "job.sentry.issues.note",
                ["issue_id": "4711", "text": "x"],
                secrets: secrets
            )
            #expect(write.error?.code == .forbidden)
        }
        try await withWorker(["CORDUM_SENTRY_TOKEN": "sntryu_wrong_token_0123456789"]) { _, worker, secrets in
            let refused = await runJob(worker, topic: "job.sentry.issues.get", ["issue_id": "4711"], secrets: secrets)
            #expect(refused.error?.code == .unauthorized)
            #expect(refused.error?.message.contains("sntryu_wrong_token_0123456789") == false)
        }
    }

    @Test("a 429 with Retry-After is waited for and retried")
    func rateLimit() async throws {
        let sleeps = Sleeps()
        try await withWorker(sleeps: sleeps) { emulator, worker, secrets in
            _ = emulator.faults.add(
                try FaultRule(
                    method: "GET",
                    path: "/api/0/organizations/*/issues/*/",
                    status: 429,
                    retryAfter: 7,
                    count: 1
                )
            )
            let got = await runJob(worker, topic: "job.sentry.issues.get", ["issue_id": "4711"], secrets: secrets)
            #expect(got.output?["result"]?["id"] == "4711")
            #expect(sleeps.all == [.seconds(7)])
        }
    }

    @Test("the organization comes from the job, else the profile; project lists refuse other projects")
    func organizationAndProjects() async throws {
        try await withWorker(["CORDUM_SENTRY_ORGANIZATION": ""]) { _, worker, secrets in
            let refused = await runJob(worker, topic: "job.sentry.projects.list", [:], secrets: secrets)
            #expect(refused.error?.code == .invalidInput)
            #expect(refused.error?.message.hasPrefix("organization:") == true)
            let named = await runJob(
                worker,
                topic: "job.sentry.projects.list",
                ["organization": "cordum-demo"],
                secrets: secrets
            )
            #expect(named.output?["items"]?.arrayValue?.count == 2)
            let other = await runJob(
                worker,
                topic: "job.sentry.projects.list",
                ["organization": "someone-else"],
                secrets: secrets
            )
            #expect(other.error?.code == .notFound)
        }
        try await withWorker(["CORDUM_SENTRY_ALLOWED_PROJECTS": "web"]) { _, worker, secrets in
            let refused = await runJob(
                worker,
                topic: "job.sentry.issues.list",
                ["project": "backend"],
                secrets: secrets
            )
            #expect(refused.error?.code == .resourceNotAllowed)
            let allowed = await runJob(worker, topic: "job.sentry.issues.list", ["project": "web"], secrets: secrets)
            #expect(allowed.output?["items"]?.arrayValue?.count == 1)
        }
    }
}
