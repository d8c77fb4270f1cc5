import NIOHTTP1
import StructuredData
import Testing
import WorkerKit

/// What the action runtime decides before any request: the input against the pack's schema, the job's intent,
/// allow/deny lists of actions and resources, and actions enabled only by exact name. The profile points at a
/// closed port, so a request would fail: these tests prove none is made.
@Suite("Action runtime checks")
struct ActionRuntimeChecksTests {
    static let closed = "http://127.0.0.1:9"

    @Test func theSchemaRejectsInputNamingTheField() async throws {
        let secrets = SecretRegistry()
        let worker = Tracker.worker(Tracker.settings(baseURL: Self.closed, secrets: secrets))
        let cases: [(String, JSONValue, String)] = [
            ("items.get", ["project": "acme"], "id"),
            ("items.get", ["project": "acme", "id": 0], "/id"),
            ("items.create", ["project": "acme", "title": .string(String(repeating: "x", count: 51))], "/title"),
            ("items.create", ["project": "acme", "title": "t", "colour": "red"], "colour"),
        ]
        for (action, input, field) in cases {
            let outcome = await Tracker.run(worker, action, input, secrets: secrets)
            #expect(outcome.error?.code == .invalidInput, "\(action) \(input)")
            #expect(outcome.error?.message.contains(field) == true, "\(outcome)")
        }
    }

    @Test func actionListsAllowAndDeny() async throws {
        let secrets = SecretRegistry()
        let input: JSONValue = ["project": "acme", "title": "t", "dry_run": true]
        let denied = Tracker.worker(
            Tracker.settings(baseURL: Self.closed, actions: AccessList(deny: ["items.create"]), secrets: secrets)
        )
        let refused = await Tracker.run(denied, "items.create", input, secrets: secrets)
        #expect(refused.error?.code == .actionNotAllowed)
        #expect(refused.error?.message.contains("CORDUM_TRACKER_DENY_ACTIONS") == true)
        let profileAllows = Tracker.worker(
            Tracker.settings(baseURL: Self.closed, profileSettings: ["allow_actions": ["items.get"]], secrets: secrets)
        )
        let notListed = await Tracker.run(profileAllows, "items.create", input, secrets: secrets)
        #expect(notListed.error?.code == .actionNotAllowed)
        #expect(notListed.error?.message.contains("allow_actions of profile \"main\"") == true)
    }

    @Test func destructiveActionsNeedTheirExactName() async throws {
        let secrets = SecretRegistry()
        let input: JSONValue = ["project": "acme", "id": 3, "dry_run": true]
        let globbed = Tracker.worker(
            Tracker.settings(baseURL: Self.closed, actions: AccessList(allow: ["*"]), secrets: secrets)
        )
        let refused = await Tracker.run(globbed, "items.delete", input, secrets: secrets)
        #expect(refused.error?.code == .actionNotAllowed)
        #expect(refused.error?.message.contains("destructive") == true)
        #expect(refused.error?.message.contains("CORDUM_TRACKER_ALLOW_ACTIONS") == true)
        let named = Tracker.worker(
            Tracker.settings(
                baseURL: Self.closed,
                actions: AccessList(allow: ["items.*", "items.delete"]),
                secrets: secrets
            )
        )
        let planned = await Tracker.run(named, "items.delete", input, secrets: secrets)
        #expect(planned.output?["plan"]?["method"] == "DELETE")
        let byProfile = Tracker.worker(
            Tracker.settings(
                baseURL: Self.closed,
                profileSettings: ["allow_actions": ["items.delete"]],
                secrets: secrets
            )
        )
        #expect(await Tracker.run(byProfile, "items.delete", input, secrets: secrets).output?["dry_run"] == true)
    }

    @Test func resourceListsAllowAndDenyIgnoringCaseWhenAsked() async throws {
        let secrets = SecretRegistry()
        let worker = Tracker.worker(
            Tracker.settings(
                baseURL: Self.closed,
                projects: AccessList(allow: ["acme*"]),
                profileSettings: ["denied_projects": "acme-secret"],
                secrets: secrets
            )
        )
        func plan(_ project: String) async -> JobOutcome {
            await Tracker.run(
                worker,
                "items.create",
                ["project": .string(project), "title": "t", "dry_run": true],
                secrets: secrets
            )
        }
        #expect(await plan("acme-web").output?["project"] == "acme-web")
        // The resource declares case-insensitive matching.
        #expect(await plan("ACME-web").output != nil)
        let other = await plan("globex")
        #expect(other.error?.code == .resourceNotAllowed)
        #expect(other.error?.message.contains("\"globex\"") == true)
        #expect(other.error?.message.contains("CORDUM_TRACKER_ALLOWED_PROJECTS") == true)
        let secret = await plan("Acme-Secret")
        #expect(secret.error?.code == .resourceNotAllowed)
        #expect(secret.error?.message.contains("denied_projects of profile \"main\"") == true)
    }

    @Test func aResourceThatMustBeNamedIsRefusedWhenListsApply() async throws {
        let secrets = SecretRegistry()
        let search = Action(
            name: "items.search",
            topic: "job.tracker.items.search",
            capability: "tracker.items.search",
            kind: .list(itemsKey: nil),
            resource: ActionResource(
                list: "PROJECTS",
                noun: "project",
                mustNameWhenRestricted: "project:NAME in q"
            ) { input, _ in
                (input.value("q")?.stringValue ?? "").split(separator: " ").filter { $0.hasPrefix("project:") }
                    .map { String($0.dropFirst(8)) }
            },
            inputSchema: "ItemsListInput"
        ) { _ throws(WorkerError) in ActionRequest(method: .GET, path: "/search") }
        let settings = Tracker.settings(baseURL: Self.closed, projects: AccessList(allow: ["acme"]), secrets: secrets)
        let runtime = ActionRuntime(
            settings: settings,
            transport: BearerTokenTransport(settings: settings, http: settings.httpClient(retry: .none))
        )
        let context = JobContext(jobID: "s", topic: "job.tracker.items.search", secrets: secrets)
        let error = await #expect(throws: WorkerError.self) {
            try await runtime.run(search, context: context, input: ["q": "open bugs"])
        }
        #expect(error?.code == .resourceNotAllowed)
        #expect(error?.message.contains("project:NAME in q") == true)
        let other = await #expect(throws: WorkerError.self) {
            try await runtime.run(search, context: context, input: ["q": "project:globex bugs"])
        }
        #expect(other?.code == .resourceNotAllowed)
        #expect(other?.message.contains("\"globex\"") == true)
    }

    @Test func theIntentMustMatchTheAction() async throws {
        let secrets = SecretRegistry()
        let worker = Tracker.worker(Tracker.settings(baseURL: Self.closed, secrets: secrets))
        let input: JSONValue = ["project": "acme", "title": "t", "dry_run": true]
        let capability = await Tracker.run(
            worker,
            "items.create",
            input,
            secrets: secrets,
            capability: "tracker.items.get"
        )
        #expect(capability.error?.code == .invalidInput)
        #expect(capability.error?.message.contains("tracker.items.create") == true)
        let matching = await Tracker.run(
            worker,
            "items.create",
            input,
            secrets: secrets,
            capability: "tracker.items.create"
        )
        #expect(matching.output?["dry_run"] == true)
    }

    @Test func workersBuiltFromActionsDeclareDryRunAndReportMissingSchemas() async throws {
        let secrets = SecretRegistry()
        let settings = Tracker.settings(baseURL: Self.closed, secrets: secrets)
        #expect(Tracker.worker(settings).supportsDryRun)
        #expect(Worker(packID: "plain").supportsDryRun == false)
        let runtime = ActionRuntime(
            settings: settings,
            transport: BearerTokenTransport(settings: settings, http: settings.httpClient())
        )
        let worker = Worker(
            packID: "tracker",
            actions: Tracker.actions,
            runtime: runtime,
            schemas: ActionSchemas(texts: [:])
        )
        let outcome = await Tracker.run(worker, "items.get", ["project": "acme", "id": 1], secrets: secrets)
        #expect(outcome.error?.code == .handlerFailed)
        #expect(outcome.error?.message.contains("ItemsGetInput") == true)
        #expect(ActionSchemas.inputSchemaName(for: "issues.comments.list") == "IssuesCommentsListInput")
        #expect(ActionSchemas.inputSchemaName(for: "pods_list") == "PodsListInput")
    }
}
