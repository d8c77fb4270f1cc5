import NIOHTTP1
import StructuredData
public import WorkerKit

/// The sentry pack's actions (topic `job.sentry.<name>`, capability `sentry.<name>`) on Sentry's web API
/// (`/api/0/…`). Every call is made in an organization: the job's `organization`, else its profile's (the worker
/// fills it in before the runtime sees the input, see ``SentryWorker``). Actions that name projects (`project`,
/// `projects`) are checked against the project lists (`CORDUM_SENTRY_ALLOWED_PROJECTS`, the profile's
/// `allowed_projects`, …) before anything is sent; actions on one issue by id name no project.
public enum SentryAction {
    typealias Query = ActionRequest.QueryItem

    /// Every action of the pack, by name.
    public static let all: [String: Action] = Dictionary(uniqueKeysWithValues: actions.map { ($0.name, $0) })

    /// The actions in `topics.yaml` order.
    static let actions: [Action] = reads + writes

    /// The projects an action names (`project`, `projects`), compared without case (Sentry's slugs are lowercase).
    static let project = ActionResource(
        list: "PROJECTS",
        noun: "project",
        caseInsensitive: true,
        mustNameWhenRestricted: "the project input",
        outputKey: "project"
    ) { input, _ in
        var projects: [String] = []
        if let slug = input.value("project")?.stringValue { projects.append(slug) }
        for slug in input.value("projects")?.arrayValue?.compactMap(\.stringValue) ?? [] where !projects.contains(slug)
        {
            projects.append(slug)
        }
        return projects
    }

    /// The same lists for actions where a project is optional (an organization-wide list): checked when named.
    static let optionalProject = ActionResource(list: "PROJECTS", noun: "project", caseInsensitive: true) {
        input,
        _ in
        input.value("project")?.stringValue.map { [$0] } ?? []
    }

    static func action(
        _ name: String,
        _ kind: Action.Kind,
        enabling: Action.Enabling = .byLists,
        resource: ActionResource? = nil,
        objects: @escaping Action.ObjectsExtractor = { _, _, _ in [] },
        emptyResult: Action.EmptyResult? = nil,
        build: @escaping Action.Builder
    ) -> Action {
        Action(
            name: name,
            topic: "job.sentry.\(name)",
            capability: "sentry.\(name)",
            kind: kind,
            enabling: enabling,
            resource: resource,
            objects: objects,
            emptyResult: emptyResult,
            build: build
        )
    }

    /// `/api/0/organizations/<org>` and what follows.
    static func organizationPath(_ input: ActionInput, _ suffix: String) throws(WorkerError) -> String {
        "/api/0/organizations/\(URLEncoding.component(try input.string("organization")))\(suffix)"
    }

    /// `/api/0/organizations/<org>/issues/<id>/` and what follows.
    static func issuePath(_ input: ActionInput, _ suffix: String = "") throws(WorkerError) -> String {
        try organizationPath(input, "/issues/\(URLEncoding.component(try input.string("issue_id")))/\(suffix)")
    }

    /// `/api/0/projects/<org>/<project>/` and what follows.
    static func projectPath(_ input: ActionInput, _ suffix: String) throws(WorkerError) -> String {
        let organization = URLEncoding.component(try input.string("organization"))
        return "/api/0/projects/\(organization)/\(URLEncoding.component(try input.string("project")))/\(suffix)"
    }

    /// `/api/0/organizations/<org>/releases/<version>/` and what follows.
    static func releasePath(_ input: ActionInput, _ suffix: String = "") throws(WorkerError) -> String {
        try organizationPath(input, "/releases/\(URLEncoding.component(try input.string("version")))/\(suffix)")
    }

    /// `name=value` for each optional field that is set (strings as they are, whole numbers in decimal; the schema
    /// has already checked each field's type).
    static func query(_ input: ActionInput, _ fields: [String]) -> [Query] {
        fields.compactMap { field in
            switch input.value(field) {
            case .string(let value): Query(field, value)
            case .integer(let value): Query(field, String(value))
            default: nil
            }
        }
    }

    // MARK: reads

    static let reads: [Action] = [
        action("issues.list", .list(itemsKey: nil), resource: project) { input throws(WorkerError) in
            var items = [Query("query", try input.optionalString("query") ?? "is:unresolved")]
            items += query(input, ["statsPeriod", "sort", "limit"])
            return ActionRequest(method: .GET, path: try projectPath(input, "issues/"), query: items)
        },
        action("issues.get", .read) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try issuePath(input))
        },
        action("issues.events.latest", .read) { input throws(WorkerError) in
            let environments = (try input.strings("environment") ?? []).map { Query("environment", $0) }
            return ActionRequest(method: .GET, path: try issuePath(input, "events/latest/"), query: environments)
        },
        action("issues.tags", .read) { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: try issuePath(input, "tags/\(URLEncoding.component(try input.string("key")))/")
            )
        },
        action("issues.hashes", .list(itemsKey: nil)) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try issuePath(input, "hashes/"))
        },
        action("events.get", .read, resource: project) { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: try projectPath(input, "events/\(URLEncoding.component(try input.string("event_id")))/")
            )
        },
        action("events.committers", .read, resource: project) { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: try projectPath(
                    input,
                    "events/\(URLEncoding.component(try input.string("event_id")))/committers/"
                )
            )
        },
        action("projects.list", .list(itemsKey: nil)) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try organizationPath(input, "/projects/"), query: query(input, ["query"]))
        },
        action("releases.list", .list(itemsKey: nil), resource: optionalProject) { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: try organizationPath(input, "/releases/"),
                query: query(input, ["project", "query", "per_page"])
            )
        },
        action("releases.get", .read, resource: optionalProject) { input throws(WorkerError) in
            var items = query(input, ["project", "summaryStatsPeriod"])
            if let health = try input.bool("health") { items.append(Query("health", health ? "true" : "false")) }
            return ActionRequest(method: .GET, path: try releasePath(input), query: items)
        },
        action("releases.deploys", .list(itemsKey: nil)) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try releasePath(input, "deploys/"))
        },
        // The release with its health; the worker turns the answer into the release health report.
        action("releases.report", .read, resource: optionalProject) { input throws(WorkerError) in
            var items = query(input, ["project"])
            items.append(Query("health", "true"))
            items.append(Query("summaryStatsPeriod", try input.optionalString("summaryStatsPeriod") ?? "24h"))
            return ActionRequest(method: .GET, path: try releasePath(input), query: items)
        },
        action("organizations.stats", .read) { input throws(WorkerError) in
            var items = [Query("field", try input.string("field"))]
            items += (try input.strings("groupBy") ?? []).map { Query("groupBy", $0) }
            items += query(input, ["statsPeriod", "interval", "category", "outcome"])
            return ActionRequest(method: .GET, path: try organizationPath(input, "/stats_v2/"), query: items)
        },
    ]
}
