import Foundation
import NIOHTTP1
import StructuredData
import Synchronization
import WorkerKit

/// A small "tracker" pack declared on the action runtime: a read, a list, a write and a destructive write, each
/// with its own input schema, against a loopback server.
enum Tracker {
    static let token = "trk-secret-token-0042"

    static let schemas = ActionSchemas(texts: [
        "ItemsGetInput": """
        {"type": "object", "required": ["project", "id"], "additionalProperties": false,
         "properties": {"project": {"type": "string", "minLength": 1}, "id": {"type": "integer", "minimum": 1},
                        "profile": {"type": "string"}}}
        """,
        "ItemsListInput": """
        {"type": "object", "required": ["project"], "additionalProperties": false,
         "properties": {"project": {"type": "string"}, "max_pages": {"type": "integer", "minimum": 1, "maximum": 10},
                        "profile": {"type": "string"}}}
        """,
        "ItemsCreateInput": """
        {"type": "object", "required": ["project", "title"], "additionalProperties": false,
         "properties": {"project": {"type": "string"}, "title": {"type": "string", "maxLength": 50},
                        "dry_run": {"type": "boolean"}, "profile": {"type": "string"}}}
        """,
        "ItemsDeleteInput": """
        {"type": "object", "required": ["project", "id"], "additionalProperties": false,
         "properties": {"project": {"type": "string"}, "id": {"type": "integer"}, "dry_run": {"type": "boolean"}}}
        """,
    ])

    static let project = ActionResource.field("project", list: "PROJECTS", noun: "project", caseInsensitive: true)

    static func action(
        _ name: String,
        _ kind: Action.Kind,
        enabling: Action.Enabling = .byLists,
        objects: @escaping Action.ObjectsExtractor = { _, _, _ in [] },
        build: @escaping Action.Builder
    ) -> Action {
        Action(
            name: name,
            topic: "job.tracker.\(name)",
            capability: "tracker.\(name)",
            kind: kind,
            enabling: enabling,
            resource: project,
            objects: objects,
            build: build
        )
    }

    static let actions: [Action] = [
        action("items.get", .read) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: "/p/\(try input.string("project"))/items/\(try input.integer("id"))")
        },
        action("items.list", .list(itemsKey: "items")) { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: "/p/\(try input.string("project"))/items",
                query: [.init("per_page", "2")]
            )
        },
        action(
            "items.create",
            .write,
            objects: { _, _, result in
                [
                    ChangedObject(
                        kind: "item",
                        id: result["id"] ?? .null,
                        url: result["url"]?.stringValue,
                        change: .created
                    )
                ]
            }
        ) { input throws(WorkerError) in
            ActionRequest(
                method: .POST,
                path: "/p/\(try input.string("project"))/items",
                body: ["title": .string(try input.string("title"))],
                headers: ["X-Tracker-Version": "3"]
            )
        },
        action(
            "items.delete",
            .write,
            enabling: .byExactName(reason: "destructive"),
            objects: { input, _, _ in [ChangedObject(kind: "item", id: input.value("id") ?? .null, change: .deleted)] }
        ) { input throws(WorkerError) in
            ActionRequest(method: .DELETE, path: "/p/\(try input.string("project"))/items/\(try input.integer("id"))")
        },
    ]

    /// The settings of one profile `main` at `baseURL`.
    static func settings(
        baseURL: String,
        actions: AccessList = .permitAll,
        projects: AccessList? = nil,
        profileSettings: [String: JSONValue] = [:],
        secrets: SecretRegistry
    ) -> VendorSettings {
        VendorSettings(
            packID: "tracker",
            profiles: [
                VendorProfile(
                    name: "main",
                    baseURL: baseURL,
                    credentials: ["token": token],
                    settings: profileSettings
                )
            ],
            actions: actions,
            resources: projects.map { ["PROJECTS": $0] } ?? [:],
            userAgent: "cordum-tracker/1.0",
            requestTimeout: .seconds(10),
            secrets: secrets
        )
    }

    /// A worker of the four actions.
    static func worker(
        _ settings: VendorSettings,
        classifier: ResponseClassifier = .none,
        retry: RetryPolicy = .none,
        timeout: Duration? = nil,
        artifactThreshold: Int = 256 << 10
    ) -> Worker {
        var http = settings.httpClient(vendor: "Tracker", retry: retry)
        http.clock = RecordingClock().clock
        if let timeout { http.timeout = timeout }
        let transport = BearerTokenTransport(settings: settings, http: http, classifier: classifier)
        let runtime = ActionRuntime(
            settings: settings,
            transport: transport,
            defaultMaxPages: 5,
            maxPagesLimit: 10,
            artifactThreshold: artifactThreshold
        )
        return Worker(packID: "tracker", actions: actions, runtime: runtime, schemas: schemas)
    }

    /// Runs one job the way a transport does.
    static func run(
        _ worker: Worker,
        _ action: String,
        _ input: JSONValue,
        secrets: SecretRegistry,
        dryRun: Bool = false,
        capability: String = "",
        progress: ProgressReporter = .discarding,
        artifacts: ArtifactWriter = .unavailable
    ) async -> JobOutcome {
        let context = JobContext(
            jobID: "job-\(action)",
            topic: "job.tracker.\(action)",
            capability: capability,
            isDryRun: dryRun,
            packID: "tracker",
            progress: progress,
            secrets: secrets,
            artifacts: artifacts
        )
        return await worker.execute(context, input: input)
    }
}

extension JobOutcome {
    /// The output of a successful job, else nil.
    var output: JSONValue? {
        if case .succeeded(let output) = self { return output }
        return nil
    }
}
