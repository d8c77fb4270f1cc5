import NIOHTTP1
import StructuredData
public import WorkerKit

/// The opentelemetry pack's actions (topic `job.opentelemetry.<name>`, capability `opentelemetry.<name>`), all
/// reads of Jaeger's query API v3 under the profile's `base_url`. ``TraceJob`` resolves times, durations and the
/// limit before a builder sees the input (`start_time_min`, `start_time_max`, `duration_min`, `duration_max`,
/// `limit` in the API's forms), so a request says exactly what the bounds were checked on.
public enum OpenTelemetryAction {
    typealias Query = ActionRequest.QueryItem

    /// Every action, by name.
    public static let all: [String: Action] = Dictionary(uniqueKeysWithValues: actions.map { ($0.name, $0) })

    /// Every action.
    static let actions: [Action] = [
        action("services.list") { _ throws(WorkerError) in ActionRequest(method: .GET, path: "/api/v3/services") },
        action("operations.list", resource: service) { input throws(WorkerError) in
            var query = [Query("service", try input.string("service"))]
            if let kind = try input.optionalString("span_kind") { query.append(Query("spanKind", kind)) }
            return ActionRequest(method: .GET, path: "/api/v3/operations", query: query)
        },
        action("dependencies.graph") { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: "/api/v3/dependencies",
                query: [
                    Query("startTime", try input.string("start_time_min")),
                    Query("endTime", try input.string("start_time_max")),
                ]
            )
        },
        action("traces.search", resource: service) { input throws(WorkerError) in try search(input) },
        action("traces.get") { input throws(WorkerError) in try trace(input) },
        action("traces.analyze") { input throws(WorkerError) in try trace(input) },
        action("traces.compare", resource: service) { input throws(WorkerError) in try search(input) },
    ]

    /// The service a job names, checked against `ALLOWED_SERVICES` / `DENIED_SERVICES` (and the profile's
    /// `allowed_services` / `denied_services`), as upstream's worker does.
    static let service = ActionResource.field("service", list: "SERVICES", noun: "service")

    static func action(_ name: String, resource: ActionResource? = nil, build: @escaping Action.Builder) -> Action {
        Action(
            name: name,
            topic: "job.opentelemetry.\(name)",
            capability: "opentelemetry.\(name)",
            kind: .read,
            resource: resource,
            pagination: NoPagination(),
            build: build
        )
    }

    /// `GET /api/v3/traces` with Jaeger's parameters (`query.serviceName`, …, `query.searchDepth`).
    static func search(_ input: ActionInput) throws(WorkerError) -> ActionRequest {
        var query = [Query("query.serviceName", try input.string("service"))]
        if let operation = try input.optionalString("operation") {
            query.append(Query("query.operationName", operation))
        }
        query.append(Query("query.startTimeMin", try input.string("start_time_min")))
        query.append(Query("query.startTimeMax", try input.string("start_time_max")))
        if let text = try input.optionalString("duration_min") { query.append(Query("query.durationMin", text)) }
        if let text = try input.optionalString("duration_max") { query.append(Query("query.durationMax", text)) }
        query.append(Query("query.searchDepth", String(try input.integer("limit"))))
        if let attributes = input.value("attributes")?.objectValue, !attributes.isEmpty {
            query.append(Query("query.attributes", JSONEncoding.canonical(.object(attributes))))
        }
        return ActionRequest(method: .GET, path: "/api/v3/traces", query: query)
    }

    /// `GET /api/v3/traces/{traceId}`.
    static func trace(_ input: ActionInput) throws(WorkerError) -> ActionRequest {
        ActionRequest(
            method: .GET,
            path: "/api/v3/traces/\(URLEncoding.component(try input.string("trace_id").lowercased()))"
        )
    }
}

/// Jaeger answers in one piece: no next page.
struct NoPagination: PaginationStrategy {
    func nextPage(after page: ListPage, http: VendorHTTPClient) throws(WorkerError) -> NextPage? { nil }
}
