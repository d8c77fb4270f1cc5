import NIOHTTP1
import StructuredData
public import WorkerKit

/// The datadog pack's actions (topic `job.datadog.<name>`, capability `datadog.<name>`), on Datadog's API v1 and
/// v2 under the profile's site.
///
/// Times reach the builders already resolved by ``DatadogJob`` (`from`, `to`, `start`, `end` as Unix seconds), so a
/// request says exactly the range the bounds were checked on.
public enum DatadogAction {
    typealias Query = ActionRequest.QueryItem

    /// Every action of the pack, by name.
    public static let all: [String: Action] = Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })

    /// The actions, reads first.
    static let list: [Action] = reads + writes

    static let reads: [Action] = [
        action("metrics.query") { input throws(WorkerError) in
            get(
                "/api/v1/query",
                [
                    Query("from", String(try input.integer("from"))), Query("to", String(try input.integer("to"))),
                    Query("query", try input.string("query")),
                ]
            )
        },
        action("metrics.timeseries") { input throws(WorkerError) in
            ActionRequest(method: .POST, path: "/api/v2/query/timeseries", body: try timeseries(input))
        },
        action(
            "logs.search",
            .list(itemsKey: "data"),
            pagination: CursorPagination(from: .body("meta.page.after"), sendAs: .body("page.cursor"))
        ) { input throws(WorkerError) in
            var filter: [String: JSONValue] = [
                "query": .string(try input.optionalString("query") ?? "*"),
                "from": .string(InputTime.rfc3339(Double(try input.integer("from")))),
                "to": .string(InputTime.rfc3339(Double(try input.integer("to")))),
            ]
            if let indexes = try input.strings("indexes") { filter["indexes"] = .array(indexes.map(JSONValue.string)) }
            return ActionRequest(
                method: .POST,
                path: "/api/v2/logs/events/search",
                body: [
                    "filter": .object(filter),
                    "sort": .string(try input.optionalString("sort") ?? "-timestamp"),
                    "page": ["limit": .integer(try input.optionalInteger("limit") ?? 100)],
                ]
            )
        },
        action("events.list", .list(itemsKey: "events")) { input throws(WorkerError) in
            var query = [
                Query("start", String(try input.integer("from"))), Query("end", String(try input.integer("to"))),
            ]
            query += texts(input, ["priority", "sources", "unaggregated"])
            if let tags = try input.strings("tags"), !tags.isEmpty {
                query.append(Query("tags", tags.joined(separator: ",")))
            }
            return get("/api/v1/events", query)
        },
        action("monitors.list", .list(itemsKey: nil)) { input throws(WorkerError) in
            var query = texts(input, ["name", "with_downtimes"])
            for (field, name) in [("tags", "tags"), ("monitor_tags", "monitor_tags"), ("group_states", "group_states")]
            {
                if let values = try input.strings(field), !values.isEmpty {
                    query.append(Query(name, values.joined(separator: ",")))
                }
            }
            query += [Query("page", "0"), Query("page_size", String(try input.optionalInteger("page_size") ?? 100))]
            return get("/api/v1/monitor", query)
        },
        action("monitors.get") { input throws(WorkerError) in
            var query: [Query] = []
            if let states = try input.strings("group_states"), !states.isEmpty {
                query.append(Query("group_states", states.joined(separator: ",")))
            }
            return get("/api/v1/monitor/\(try input.integer("monitor_id"))", query)
        },
        action("monitors.search") { input throws(WorkerError) in
            get("/api/v1/monitor/search", texts(input, ["query", "page", "per_page", "sort"]))
        },
        action("downtimes.list", .list(itemsKey: nil)) { input throws(WorkerError) in
            get("/api/v1/downtime", texts(input, ["current_only"]))
        },
        action("hosts.list", .list(itemsKey: "host_list")) { input throws(WorkerError) in
            get("/api/v1/hosts", texts(input, ["filter", "count", "start", "include_muted_hosts_data"]))
        },
        action("slos.list", .list(itemsKey: "data")) { input throws(WorkerError) in
            var query = texts(input, ["query", "tags_query", "limit"])
            if let ids = try input.strings("ids"), !ids.isEmpty {
                query.insert(Query("ids", ids.joined(separator: ",")), at: 0)
            }
            return get("/api/v1/slo", query)
        },
        action("slos.history") { input throws(WorkerError) in
            get(
                "/api/v1/slo/\(URLEncoding.component(try input.string("slo_id")))/history",
                [
                    Query("from_ts", String(try input.integer("from"))),
                    Query("to_ts", String(try input.integer("to"))),
                ] + texts(input, ["target"])
            )
        },
    ]

    static let writes: [Action] = [
        action("monitors.mute", .write, objects: createdDowntime) { input throws(WorkerError) in
            var body: [String: JSONValue] = [
                "monitor_id": .integer(try input.integer("monitor_id")),
                "scope": .array((try input.strings("scope") ?? ["*"]).map(JSONValue.string)),
                "end": .integer(try input.integer("end")),
            ]
            if let message = try input.optionalString("message") { body["message"] = .string(message) }
            return ActionRequest(method: .POST, path: "/api/v1/downtime", body: .object(body))
        },
        cancelDowntime("monitors.unmute"),
        action("downtimes.create", .write, objects: createdDowntime) { input throws(WorkerError) in
            var body: [String: JSONValue] = [
                "scope": .array((try input.strings("scope") ?? []).map(JSONValue.string)),
                "start": .integer(try input.integer("start")),
                "end": .integer(try input.integer("end")),
            ]
            if let message = try input.optionalString("message") { body["message"] = .string(message) }
            if let monitor = try input.optionalInteger("monitor_id") { body["monitor_id"] = .integer(monitor) }
            if let tags = try input.strings("monitor_tags") {
                body["monitor_tags"] = .array(tags.map(JSONValue.string))
            }
            if let zone = try input.optionalString("timezone") { body["timezone"] = .string(zone) }
            return ActionRequest(method: .POST, path: "/api/v1/downtime", body: .object(body))
        },
        cancelDowntime("downtimes.cancel"),
        action(
            "events.create",
            .write,
            objects: { _, _, result in
                [ChangedObject(kind: "event", id: result["event"]?["id"] ?? .null, change: .created)]
            }
        ) { input throws(WorkerError) in
            var body: [String: JSONValue] = [
                "title": .string(try input.string("title")), "text": .string(try input.string("text")),
            ]
            for field in ["alert_type", "priority", "aggregation_key", "source_type_name", "host"] {
                if let value = try input.optionalString(field) { body[field] = .string(value) }
            }
            if let tags = try input.strings("tags") { body["tags"] = .array(tags.map(JSONValue.string)) }
            return ActionRequest(method: .POST, path: "/api/v1/events", body: .object(body))
        },
        action(
            "incidents.create",
            .write,
            objects: { _, _, result in
                [ChangedObject(kind: "incident", id: result["data"]?["id"] ?? .null, change: .created)]
            }
        ) { input throws(WorkerError) in
            var attributes: [String: JSONValue] = [
                "title": .string(try input.string("title")),
                "customer_impacted": .bool(try input.bool("customer_impacted") ?? false),
            ]
            if let severity = try input.optionalString("severity") {
                attributes["fields"] = ["severity": ["type": "dropdown", "value": .string(severity)]]
            }
            return ActionRequest(
                method: .POST,
                path: "/api/v2/incidents",
                body: ["data": ["type": "incidents", "attributes": .object(attributes)]]
            )
        },
        action(
            "monitors.delete",
            .write,
            enabling: .byExactName(reason: "destructive"),
            objects: { input, _, _ in
                [ChangedObject(kind: "monitor", id: input.value("monitor_id") ?? .null, change: .deleted)]
            }
        ) { input throws(WorkerError) in
            ActionRequest(
                method: .DELETE,
                path: "/api/v1/monitor/\(try input.integer("monitor_id"))",
                query: try input.bool("force") == true ? [Query("force", "true")] : []
            )
        },
    ]

    static func action(
        _ name: String,
        _ kind: Action.Kind = .read,
        enabling: Action.Enabling = .byLists,
        pagination: any PaginationStrategy = LinkPagination(),
        objects: @escaping Action.ObjectsExtractor = { _, _, _ in [] },
        emptyResult: Action.EmptyResult? = nil,
        build: @escaping Action.Builder
    ) -> Action {
        Action(
            name: name,
            topic: "job.datadog.\(name)",
            capability: "datadog.\(name)",
            kind: kind,
            enabling: enabling,
            pagination: pagination,
            objects: objects,
            emptyResult: emptyResult,
            build: build
        )
    }

    static func get(_ path: String, _ query: [Query]) -> ActionRequest {
        ActionRequest(method: .GET, path: path, query: query)
    }

    /// The query parameters of `fields` the input has, in order (numbers and booleans as text).
    static func texts(_ input: ActionInput, _ fields: [String]) -> [Query] {
        fields.compactMap { field in
            switch input.value(field) {
            case .string(let text): Query(field, text)
            case .integer(let number): Query(field, String(number))
            case .number(let number): Query(field, String(number))
            case .bool(let flag): Query(field, flag ? "true" : "false")
            default: nil
            }
        }
    }

    /// The v2 timeseries request: the named queries, the formulas (default: each query as it is), the range in
    /// milliseconds and the interval ``DatadogJob`` chose.
    static func timeseries(_ input: ActionInput) throws(WorkerError) -> JSONValue {
        let queries = (input.value("queries")?.arrayValue ?? []).map { query -> JSONValue in
            [
                "data_source": .string(query["data_source"]?.stringValue ?? "metrics"),
                "query": query["query"] ?? "", "name": query["name"] ?? "",
            ]
        }
        var formulas = input.value("formulas")?.arrayValue ?? []
        if formulas.isEmpty { formulas = queries.map { ["formula": $0["name"] ?? ""] } }
        return [
            "data": [
                "type": "timeseries_request",
                "attributes": [
                    "from": .integer(try input.integer("from") * 1000),
                    "to": .integer(try input.integer("to") * 1000),
                    "interval": .integer(try input.integer("interval")),
                    "queries": .array(queries),
                    "formulas": .array(formulas),
                ],
            ]
        ]
    }

    /// An action that cancels a downtime (`DELETE /api/v1/downtime/{downtime_id}`, 204): unmuting a monitor and
    /// ending a maintenance window are the same call.
    static func cancelDowntime(_ name: String) -> Action {
        action(
            name,
            .write,
            objects: { input, _, _ in
                [ChangedObject(kind: "downtime", id: input.value("downtime_id") ?? .null, change: .deleted)]
            },
            emptyResult: cancelled
        ) { input throws(WorkerError) in
            ActionRequest(method: .DELETE, path: "/api/v1/downtime/\(try input.integer("downtime_id"))")
        }
    }

    static let createdDowntime: Action.ObjectsExtractor = { _, _, result in
        [ChangedObject(kind: "downtime", id: result["id"] ?? .null, change: .created)]
    }

    static let cancelled: Action.EmptyResult = { input, _ in
        ["cancelled": true, "downtime_id": input.value("downtime_id") ?? .null]
    }
}
