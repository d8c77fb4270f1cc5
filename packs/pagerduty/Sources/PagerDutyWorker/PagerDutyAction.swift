import NIOHTTP1
import StructuredData
public import WorkerKit

/// The pagerduty pack's actions (topic `job.pagerduty.<name>`, capability `pagerduty.<name>`) on PagerDuty's REST
/// API v2 and Events API v2. Lists page by `offset` and `limit` while the answer says `more`; services named by an
/// action (`services.get`, `services.delete`, the services of a maintenance window) are checked against the service
/// lists (`CORDUM_PAGERDUTY_ALLOWED_SERVICES`, the profile's `allowed_services`, …) before anything is sent.
public enum PagerDutyAction {
    typealias Query = ActionRequest.QueryItem

    /// Every action of the pack, by name.
    public static let all: [String: Action] = Dictionary(uniqueKeysWithValues: actions.map { ($0.name, $0) })

    /// The actions in `topics.yaml` order.
    static let actions: [Action] = reads + writes

    /// PagerDuty's paging: `?offset=&limit=`, answered with `offset`, `limit` and `more`.
    static let paging = OffsetPagination(end: .moreFlag(.body("more")), servedOffset: .body("offset"))

    /// The services an action names: `id` of the service actions, `service_ids` of lists and maintenance windows.
    static let service = ActionResource(list: "SERVICES", noun: "service") { input, _ in
        (input.value("service_ids")?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// The service of `services.get` and `services.delete`: their `id`.
    static let serviceByID = ActionResource(list: "SERVICES", noun: "service") { input, _ in
        input.value("id")?.stringValue.map { [$0] } ?? []
    }

    static func action(
        _ name: String,
        _ kind: Action.Kind,
        enabling: Action.Enabling = .byLists,
        resource: ActionResource? = nil,
        objects: @escaping Action.ObjectsExtractor = { _, _, _ in [] },
        build: @escaping Action.Builder
    ) -> Action {
        Action(
            name: name,
            topic: "job.pagerduty.\(name)",
            capability: "pagerduty.\(name)",
            kind: kind,
            enabling: enabling,
            resource: resource,
            pagination: paging,
            objects: objects,
            build: build
        )
    }

    /// `/<collection>/<id>` and what follows, the id percent-encoded.
    static func path(_ collection: String, _ input: ActionInput, _ suffix: String = "") throws(WorkerError) -> String {
        "/\(collection)/\(URLEncoding.component(try input.string("id")))\(suffix)"
    }

    /// The first page's `limit` and `offset`, then `name[]=value` for each value of the array fields.
    static func listQuery(_ input: ActionInput, arrays: [(field: String, parameter: String)] = []) throws(WorkerError)
        -> [Query]
    {
        var query = [Query("limit", String(try input.optionalInteger("limit") ?? 25)), Query("offset", "0")]
        for (field, parameter) in arrays {
            for value in try input.strings(field) ?? [] { query.append(Query("\(parameter)[]", value)) }
        }
        return query
    }

    /// `name=value` for each optional string field given.
    static func optional(_ input: ActionInput, _ fields: [String]) throws(WorkerError) -> [Query] {
        var query: [Query] = []
        for field in fields {
            if let value = try input.optionalString(field) { query.append(Query(field, value)) }
        }
        return query
    }

    // MARK: reads

    static let reads: [Action] = [
        action("incidents.list", .list(itemsKey: "incidents"), resource: service) { input throws(WorkerError) in
            var query = try listQuery(
                input,
                arrays: [("statuses", "statuses"), ("urgencies", "urgencies"), ("service_ids", "service_ids")]
            )
            query += try optional(input, ["since", "until", "date_range", "sort_by"])
            return ActionRequest(method: .GET, path: "/incidents", query: query)
        },
        action("incidents.get", .read) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try path("incidents", input))
        },
        action("incidents.log-entries", .list(itemsKey: "log_entries")) { input throws(WorkerError) in
            var query = try listQuery(input) + (try optional(input, ["since", "until"]))
            if let overview = try input.bool("is_overview") { query.append(Query("is_overview", String(overview))) }
            return ActionRequest(method: .GET, path: try path("incidents", input, "/log_entries"), query: query)
        },
        action("incidents.notes.list", .read) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try path("incidents", input, "/notes"))
        },
        action("incidents.alerts.list", .list(itemsKey: "alerts")) { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: try path("incidents", input, "/alerts"),
                query: try listQuery(input, arrays: [("statuses", "statuses")])
            )
        },
        action("oncalls.list", .list(itemsKey: "oncalls")) { input throws(WorkerError) in
            var query = try listQuery(
                input,
                arrays: [
                    ("schedule_ids", "schedule_ids"), ("escalation_policy_ids", "escalation_policy_ids"),
                    ("user_ids", "user_ids"),
                ]
            )
            query += try optional(input, ["since", "until"])
            if let earliest = try input.bool("earliest") { query.append(Query("earliest", String(earliest))) }
            return ActionRequest(method: .GET, path: "/oncalls", query: query)
        },
        action("schedules.list", .list(itemsKey: "schedules")) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: "/schedules", query: try listQuery(input) + optional(input, ["query"]))
        },
        action("schedules.get", .read) { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: try path("schedules", input),
                query: try optional(input, ["since", "until", "time_zone"])
            )
        },
        action("services.list", .list(itemsKey: "services")) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: "/services", query: try listQuery(input) + optional(input, ["query"]))
        },
        action("services.get", .read, resource: serviceByID) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try path("services", input))
        },
        action("escalation-policies.list", .list(itemsKey: "escalation_policies")) { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: "/escalation_policies",
                query: try listQuery(input) + optional(input, ["query"])
            )
        },
        action("users.get", .read) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try path("users", input))
        },
    ]
}
