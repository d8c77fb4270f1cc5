import EmulatorKit
import Foundation
import JiraEmulator
import PackTesting
import StructuredData
import Testing
import WorkerKit

@testable import JiraWorker

/// The worker against the emulator: every action, Jira's error bodies mapped to the shared codes naming the field,
/// paging by token and by offset, transitions by status name, multipart attachments, basic and bearer auth,
/// 429 with Retry-After, project lists and dry-run plans.
@Suite("Jira worker against the emulator")
struct JiraWorkerEmulatorTests {
    func withWorker(
        _ extra: [String: String] = [:],
        sleeps: Sleeps = Sleeps(),
        _ body: (Emulator<SeededState<JiraWorld>>, Worker, SecretRegistry) async throws -> Void
    ) async throws {
        try await withEmulatedWorker(
            try JiraEmulator.definition(),
            environment: extra,
            sleeps: sleeps,
            worker: { environment, secrets, clock in
                try JiraWorker.make(
                    configuration: try JiraConfiguration(environment: environment, secrets: secrets),
                    retryClock: clock
                )
            },
            body: body
        )
    }

    func issue(_ emulator: Emulator<SeededState<JiraWorld>>, _ key: String) -> JiraWorld.Issue? {
        emulator.state.withLock { world in world.issues.first { $0.key == key } }
    }

    @Test("reads: an issue with its description as text, the project, myself, transitions")
    func reads() async throws {
        try await withWorker { _, worker, secrets in
            let got = await runJob(worker, topic: "job.jira.issue.get", ["issue": "OPS-1"], secrets: secrets)
            #expect(got.output?["result"]?["key"] == "OPS-1")
            #expect(
                got.output?["result"]?["fields"]?["description_text"]
                    == "p99 latency of checkout is 2.4 s since the 1.42 deploy.\n\nRunbook: RB-12."
            )
            #expect(got.output?["project"] == "OPS")
            #expect(got.output?["request_id"]?.stringValue?.isEmpty == false)
            let project = await runJob(worker, topic: "job.jira.project.get", ["project": "OPS"], secrets: secrets)
            #expect(project.output?["result"]?["name"] == "Operations")
            let me = await runJob(worker, topic: "job.jira.myself", [:], secrets: secrets)
            #expect(me.output?["result"]?["accountId"] == "acct-cordum")
            let transitions = await runJob(
                worker,
                topic: "job.jira.issue.transitions.list",
                ["issue": "OPS-3"],
                secrets: secrets
            )
            #expect(
                transitions.output?["result"]?["transitions"]?.arrayValue?.compactMap { $0["to"]?["name"]?.stringValue }
                    == ["In Progress", "Done"]
            )
            let missing = await runJob(worker, topic: "job.jira.issue.get", ["issue": "OPS-99"], secrets: secrets)
            #expect(missing.error?.code == .notFound)
            #expect(missing.error?.message.contains("Issue does not exist") == true)
        }
    }

    @Test("issue.search pages with nextPageToken in the POST body; the project wraps the JQL, ORDER BY kept last")
    func searchPaging() async throws {
        try await withWorker { emulator, worker, secrets in
            let found = await runJob(
                worker,
                topic: "job.jira.issue.search",
                ["project": "OPS", "jql": "status = \"To Do\" ORDER BY key DESC", "max_results": 1],
                secrets: secrets
            )
            #expect(
                found.output?["items"]?.arrayValue?.compactMap { $0["key"]?.stringValue } == [
                    "OPS-4", "OPS-3", "OPS-2",
                ]
            )
            #expect(found.output?["pages"] == 3)
            #expect(
                found.output?["items"]?[1]?["fields"]?["description_text"] == "/var/lib/postgres grows 2 GB an hour."
            )
            #expect(found.output?["truncated"] == false)
            let bodies = emulator.requestLog.entries.filter { $0.path.hasSuffix("/search/jql") }.compactMap {
                try? JSONParser.parse($0.body)
            }
            #expect(bodies.first?["jql"] == "project = \"OPS\" AND (status = \"To Do\") ORDER BY key DESC")
            #expect(bodies.first?["nextPageToken"] == nil)
            #expect(bodies.dropFirst().allSatisfy { $0["nextPageToken"]?.stringValue != nil })
            let limited = await runJob(
                worker,
                topic: "job.jira.issue.search",
                ["jql": "project = OPS", "max_results": 1, "max_pages": 2],
                secrets: secrets
            )
            #expect(limited.output?["truncated"] == true)
            #expect(limited.output?["items"]?.arrayValue?.count == 2)
            let bad = await runJob(worker, topic: "job.jira.issue.search", ["jql": "colour = red"], secrets: secrets)
            #expect(bad.error?.code == .validationFailed)
            #expect(bad.error?.message.contains("Field 'colour' does not exist") == true)
        }
    }

    @Test("issue.comments.list pages by startAt and maxResults up to the total; bodies as text")
    func commentPaging() async throws {
        try await withWorker { _, worker, secrets in
            let listed = await runJob(
                worker,
                topic: "job.jira.issue.comments.list",
                ["issue": "OPS-1", "max_results": 2],
                secrets: secrets
            )
            #expect(listed.output?["pages"] == 2)
            #expect(
                listed.output?["items"]?.arrayValue?.compactMap { $0["body_text"]?.stringValue }
                    == ["Looking at it.", "The cache hit rate fell to 60%.", "Rolling back 1.42."]
            )
        }
    }

    @Test("issue.create sends Markdown as ADF, answers the key and the browse URL; Jira's field errors name the field")
    func create() async throws {
        try await withWorker { emulator, worker, secrets in
            let created = await runJob(
                worker,
                topic: "job.jira.issue.create",
                [
                    "project": "OPS", "summary": "Queue alarm", "issue_type": "Bug",
                    "description": "# Alarm\n\n- **deep**",
                    "labels": ["alert"], "priority": "High", "assignee": "acct-carol",
                ],
                secrets: secrets
            )
            let key = try #require(created.output?["result"]?["key"]?.stringValue)
            #expect(created.output?["dry_run"] == false)
            #expect(key == "OPS-5")
            #expect(created.output?["objects"]?[0]?["url"]?.stringValue == "\(emulator.baseURL)/browse/OPS-5")
            let stored = try #require(issue(emulator, key))
            #expect(stored.description?["content"]?[0]?["type"] == "heading")
            #expect(stored.priority == "High")
            #expect(stored.assignee == "acct-carol")
            let refused = await runJob(
                worker,
                topic: "job.jira.issue.create",
                ["project": "OPS", "summary": "x", "issue_type": "Epic", "assignee": "acct-nobody"],
                secrets: secrets
            )
            #expect(refused.error?.code == .validationFailed)
            #expect(refused.error?.message.contains("issuetype: Specify a valid issue type") == true)
            #expect(refused.error?.message.contains("assignee: User 'acct-nobody' does not exist.") == true)
        }
    }

    @Test("a dry run of issue.create plans the exact request, ADF body included, and sends nothing")
    func createDryRun() async throws {
        try await withWorker { emulator, worker, secrets in
            let planned = await runJob(
                worker,
                topic: "job.jira.issue.create",
                ["project": "OPS", "summary": "Planned", "description": "plain *text*", "description_format": "text"],
                secrets: secrets,
                dryRun: true
            )
            let plan = try #require(planned.output?["plan"])
            #expect(plan["method"] == "POST")
            #expect(plan["url"]?.stringValue == "\(emulator.baseURL)/rest/api/3/issue")
            #expect(plan["auth"] == "basic")
            #expect(plan["headers"]?["Authorization"] == nil)
            #expect(plan["body"]?["fields"]?["description"]?["content"]?[0]?["content"]?[0]?["text"] == "plain *text*")
            #expect(emulator.requestLog.entries.isEmpty)
            #expect(!planned.text.contains(JiraDemo.apiToken))
        }
    }

    @Test("issue.update, comment, assign and link change the site; labels are added and removed")
    func writes() async throws {
        try await withWorker { emulator, worker, secrets in
            let updated = await runJob(
                worker,
                topic: "job.jira.issue.update",
                [
                    "issue": "OPS-3", "summary": "Disk filling on db-2 (WAL)", "labels_add": ["wal"],
                    "labels_remove": ["triage"],
                ],
                secrets: secrets
            )
            #expect(updated.output?["result"]?["done"] == true)
            #expect(issue(emulator, "OPS-3")?.labels == ["database", "wal"])
            #expect(issue(emulator, "OPS-3")?.summary == "Disk filling on db-2 (WAL)")
            let commented = await runJob(
                worker,
                topic: "job.jira.issue.comment",
                ["issue": "OPS-3", "body": "On it: `vacuum`"],
                secrets: secrets
            )
            #expect(commented.output?["result"]?["body_text"] == "On it: `vacuum`")
            let assigned = await runJob(
                worker,
                topic: "job.jira.issue.assign",
                ["issue": "OPS-3", "account_id": "acct-bob"],
                secrets: secrets
            )
            #expect(assigned.error == nil)
            #expect(issue(emulator, "OPS-3")?.assignee == "acct-bob")
            _ = await runJob(
                worker,
                topic: "job.jira.issue.assign",
                ["issue": "OPS-3", "account_id": .null],
                secrets: secrets
            )
            #expect(issue(emulator, "OPS-3")?.assignee == nil)
            let linked = await runJob(
                worker,
                topic: "job.jira.issue.link",
                ["type": "Blocks", "inward_issue": "OPS-1", "outward_issue": "OPS-3"],
                secrets: secrets
            )
            #expect(linked.error == nil)
            #expect(issue(emulator, "OPS-1")?.links.first?.other == "OPS-3")
            let badType = await runJob(
                worker,
                topic: "job.jira.issue.link",
                ["type": "Causes", "inward_issue": "OPS-1", "outward_issue": "OPS-3"],
                secrets: secrets
            )
            #expect(badType.error?.code == .notFound)
        }
    }

    @Test("issue.transition by status name reads the transitions and sends the matching id; no match is a conflict")
    func transitionByName() async throws {
        try await withWorker { emulator, worker, secrets in
            let moved = await runJob(
                worker,
                topic: "job.jira.issue.transition",
                ["issue": "OPS-3", "to_status": "in progress"],
                secrets: secrets
            )
            #expect(moved.output?["transition"]?["id"] == "21")
            #expect(issue(emulator, "OPS-3")?.status == "In Progress")
            let again = await runJob(
                worker,
                topic: "job.jira.issue.transition",
                ["issue": "OPS-3", "to_status": "In Progress"],
                secrets: secrets
            )
            #expect(again.error?.code == .conflict)
            #expect(again.error?.message.contains("Done (id 31") == true)
            let planned = await runJob(
                worker,
                topic: "job.jira.issue.transition",
                ["issue": "OPS-3", "to_status": "Done"],
                secrets: secrets,
                dryRun: true
            )
            #expect(planned.output?["dry_run"] == true)
            #expect(planned.output?["resolve"]?["to_status"] == "Done")
            #expect(issue(emulator, "OPS-3")?.status == "In Progress")
            let byID = await runJob(
                worker,
                topic: "job.jira.issue.transition",
                ["issue": "OPS-3", "transition_id": "99"],
                secrets: secrets
            )
            #expect(byID.error?.code == .validationFailed)
            #expect(byID.error?.message.contains("Transition id '99' is not valid") == true)
        }
    }

    @Test("attachment.add uploads multipart with X-Atlassian-Token: no-check; a dry run plans the part")
    func attachment() async throws {
        try await withWorker { emulator, worker, secrets in
            let planned = await runJob(
                worker,
                topic: "job.jira.attachment.add",
                ["issue": "OPS-1", "filename": "a.txt", "content": "hello"],
                secrets: secrets,
                dryRun: true
            )
            #expect(planned.output?["plan"]?["headers"]?["X-Atlassian-Token"] == "no-check")
            #expect(planned.output?["plan"]?["multipart"]?[0]?["bytes"] == 5)
            #expect(issue(emulator, "OPS-1")?.attachments.isEmpty == true)
            let added = await runJob(
                worker,
                topic: "job.jira.attachment.add",
                [
                    "issue": "OPS-1", "filename": "bin.dat", "content_base64": "AAEC/w==",
                    "content_type": "application/octet-stream",
                ],
                secrets: secrets
            )
            #expect(added.output?["result"]?["attachments"]?[0]?["filename"] == "bin.dat")
            let stored = try #require(issue(emulator, "OPS-1")?.attachments.first)
            #expect(stored.content == [0, 1, 2, 255])
            let sent = try #require(emulator.requestLog.entries.last { $0.path.hasSuffix("/attachments") })
            #expect(sent.headers["x-atlassian-token"] == "no-check")
            #expect(sent.headers["content-type"]?.hasPrefix("multipart/form-data; boundary=") == true)
        }
    }

    @Test("issue.delete needs its exact name in the allow list; subtasks need delete_subtasks")
    func delete() async throws {
        try await withWorker { emulator, worker, secrets in
            let refused = await runJob(worker, topic: "job.jira.issue.delete", ["issue": "OPS-3"], secrets: secrets)
            #expect(refused.error?.code == .actionNotAllowed)
            #expect(issue(emulator, "OPS-3") != nil)
        }
        try await withWorker(["CORDUM_JIRA_ALLOW_ACTIONS": "*,issue.delete"]) { emulator, worker, secrets in
            let parent = await runJob(worker, topic: "job.jira.issue.delete", ["issue": "OPS-2"], secrets: secrets)
            #expect(parent.error?.code == .validationFailed)
            #expect(parent.error?.message.contains("subtasks") == true)
            let both = await runJob(
                worker,
                topic: "job.jira.issue.delete",
                ["issue": "OPS-2", "delete_subtasks": true],
                secrets: secrets
            )
            #expect(both.output?["objects"]?[0]?["change"] == "deleted")
            #expect(issue(emulator, "OPS-2") == nil)
            #expect(issue(emulator, "OPS-4") == nil)
        }
    }

    @Test("project lists refuse other projects before anything is sent; a search must name its project then")
    func projectLists() async throws {
        try await withWorker(["CORDUM_JIRA_ALLOWED_PROJECTS": "OPS"]) { emulator, worker, secrets in
            let other = await runJob(worker, topic: "job.jira.issue.get", ["issue": "WEB-1"], secrets: secrets)
            #expect(other.error?.code == .resourceNotAllowed)
            let unnamed = await runJob(
                worker,
                topic: "job.jira.issue.search",
                ["jql": "labels = triage"],
                secrets: secrets
            )
            #expect(unnamed.error?.code == .resourceNotAllowed)
            let link = await runJob(
                worker,
                topic: "job.jira.issue.link",
                ["type": "Blocks", "inward_issue": "OPS-1", "outward_issue": "WEB-1"],
                secrets: secrets
            )
            #expect(link.error?.code == .resourceNotAllowed)
            #expect(emulator.requestLog.entries.isEmpty)
        }
    }

    @Test("basic auth and bearer tokens; a wrong token is unauthorized and never shown")
    func auth() async throws {
        try await withWorker([
            "CORDUM_JIRA_USERNAME": "", "CORDUM_JIRA_PASSWORD": "", "CORDUM_JIRA_TOKEN": JiraDemo.personalAccessToken,
        ]) {
            emulator,
            worker,
            secrets in
            let me = await runJob(worker, topic: "job.jira.myself", [:], secrets: secrets)
            #expect(me.output?["result"]?["accountId"] == "acct-cordum")
            #expect(emulator.requestLog.entries.last?.headers["authorization"] == "Bearer [REDACTED]")
        }
        try await withWorker(["CORDUM_JIRA_PASSWORD": "ATATT-wrong-token-123456"]) { _, worker, secrets in
            let refused = await runJob(worker, topic: "job.jira.myself", [:], secrets: secrets)
            #expect(refused.error?.code == .unauthorized)
            #expect(refused.error?.message.contains("ATATT-wrong-token-123456") == false)
        }
    }

    @Test("a 429 with Retry-After is waited for and retried")
    func rateLimit() async throws {
        let sleeps = Sleeps()
        try await withWorker(sleeps: sleeps) { emulator, worker, secrets in
            _ = emulator.faults.add(
                try FaultRule(method: "GET", path: "/rest/api/3/issue/OPS-1", status: 429, retryAfter: 7, count: 1)
            )
            let got = await runJob(worker, topic: "job.jira.issue.get", ["issue": "OPS-1"], secrets: secrets)
            #expect(got.output?["result"]?["key"] == "OPS-1")
            #expect(sleeps.all == [.seconds(7)])
        }
    }

    @Test("configuration: a profile without base_url names the variable")
    func configuration() {
        #expect(throws: ConfigurationError.self) {
            try JiraConfiguration(environment: ["CORDUM_JIRA_USERNAME": "a@example.com", "CORDUM_JIRA_PASSWORD": "x"])
        }
    }
}

@Suite("Jira configuration")
struct JiraConfigurationTests {
    @Test("upstream's USERNAME + TOKEN is basic auth with the token as the API token")
    func upstreamBasic() throws {
        let configuration = try JiraConfiguration(environment: [
            "CORDUM_JIRA_BASE_URL": "https://acme.atlassian.net", "CORDUM_JIRA_USERNAME": "bot@acme.example",
            "CORDUM_JIRA_TOKEN": "api-token-0001",
        ])
        let profile = try #require(configuration.settings.profiles["default"])
        #expect(profile.credentials["password"] == "api-token-0001")
        #expect(profile.credentials["token"] == nil)
        let bearer = try JiraConfiguration(environment: [
            "CORDUM_JIRA_BASE_URL": "https://jira.acme.example", "CORDUM_JIRA_TOKEN": "pat-0001",
        ])
        #expect(bearer.settings.profiles["default"]?.credentials["token"] == "pat-0001")
    }
}
