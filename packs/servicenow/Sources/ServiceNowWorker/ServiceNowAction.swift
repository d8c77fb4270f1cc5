import Foundation
import NIOHTTP1
import StructuredData
public import WorkerKit

/// The servicenow pack's actions (topic `job.servicenow.<name>`, capability `servicenow.<name>`) on ServiceNow's
/// Table API (`/api/now/table/<table>`). Queries are ``EncodedQuery``s built from structured input; lists page with
/// `sysparm_offset`/`sysparm_limit` until `X-Total-Count`; records are named by sys_id or number.
public enum ServiceNowAction {
    typealias Query = ActionRequest.QueryItem

    /// Every action of the pack, by name.
    public static let all: [String: Action] = Dictionary(uniqueKeysWithValues: actions.map { ($0.name, $0) })

    /// The actions in `topics.yaml` order.
    static let actions: [Action] = reads + writes

    static let table = "/api/now/table"

    /// Table API lists: offset and limit in the query, ended by `X-Total-Count`.
    static let paging = OffsetPagination(
        offset: .query("sysparm_offset"),
        limit: .query("sysparm_limit"),
        end: .total(.header("X-Total-Count"))
    )

    /// The table `records.delete` touches, checked against `CORDUM_SERVICENOW_ALLOWED_TABLES`/`DENIED_TABLES`.
    static let tables = ActionResource.field("table", list: "TABLES", noun: "table")

    /// Whether `value` is a sys_id (32 lowercase hex digits).
    static func isSysID(_ value: String) -> Bool {
        value.count == 32 && value.allSatisfy { $0.isHexDigit && !$0.isUppercase }
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
            topic: "job.servicenow.\(name)",
            capability: "servicenow.\(name)",
            kind: kind,
            enabling: enabling,
            resource: resource,
            pagination: paging,
            objects: objects,
            build: build
        )
    }

    /// `sysparm_fields` and `sysparm_display_value` of the input.
    static func readOptions(_ input: ActionInput, displayValue: String? = nil) throws(WorkerError) -> [Query] {
        var query: [Query] = []
        if let fields = try input.strings("fields") {
            query.append(Query("sysparm_fields", fields.joined(separator: ",")))
        }
        var display = displayValue
        if display == nil { display = try input.optionalString("display_value") }
        if let display, display != "false" { query.append(Query("sysparm_display_value", display)) }
        return query
    }

    /// A list request: the query, the read options, `sysparm_limit` (and `sysparm_exclude_reference_link`).
    static func list(
        _ table: String,
        _ query: EncodedQuery,
        _ input: ActionInput,
        displayValue: String? = nil
    ) throws(WorkerError) -> ActionRequest {
        var items: [Query] = []
        if !query.text.isEmpty { items.append(Query("sysparm_query", query.text)) }
        items += try readOptions(input, displayValue: displayValue)
        items.append(Query("sysparm_limit", String(try input.optionalInteger("limit") ?? 100)))
        return ActionRequest(method: .GET, path: "\(Self.table)/\(table)", query: items)
    }

    /// The job's `filters` and `order_by`.
    static func filtered(_ input: ActionInput) throws(WorkerError) -> EncodedQuery {
        var query = EncodedQuery()
        try query.add(filters: input.value("filters"))
        if let field = try input.optionalString("order_by") {
            try query.order(by: field, descending: try input.bool("order_desc") ?? false)
        }
        return query
    }

    /// One record by sys_id (`GET /table/<t>/<sys_id>`) or by number (a query for `number=<n>`, one record).
    static func record(_ table: String, _ field: String, _ input: ActionInput) throws(WorkerError) -> ActionRequest {
        let id = try input.string(field)
        if isSysID(id) {
            return ActionRequest(method: .GET, path: "\(Self.table)/\(table)/\(id)", query: try readOptions(input))
        }
        var query = EncodedQuery()
        try query.add("number", equals: id)
        var items = [Query("sysparm_query", query.text)] + (try readOptions(input))
        items.append(Query("sysparm_limit", "1"))
        return ActionRequest(method: .GET, path: "\(Self.table)/\(table)", query: items)
    }

    // MARK: reads

    static let reads: [Action] = [
        action("incidents.list", .list(itemsKey: "result")) { input throws(WorkerError) in
            var query = try filtered(input)
            if let active = try input.bool("active") { try query.add("active", .equals, .bool(active)) }
            try query.add("correlation_id", equals: try input.optionalString("correlation_id"))
            return try list("incident", query, input)
        },
        action("incidents.get", .read) { input throws(WorkerError) in try record("incident", "incident", input) },
        action("changes.list", .list(itemsKey: "result")) { input throws(WorkerError) in
            var query = try filtered(input)
            try query.add("correlation_id", equals: try input.optionalString("correlation_id"))
            return try list("change_request", query, input)
        },
        action("changes.get", .read) { input throws(WorkerError) in try record("change_request", "change", input) },
        action("changes.conflicts", .list(itemsKey: "result")) { input throws(WorkerError) in
            let ci = try input.string("ci")
            var query = EncodedQuery()
            try query.add(isSysID(ci) ? "cmdb_ci" : "cmdb_ci.name", .equals, .string(ci))
            // Overlap: the other window starts before this one ends and ends after it starts.
            try query.add("start_date", .less, .string(try input.string("end")))
            try query.add("end_date", .greater, .string(try input.string("start")))
            // Closed (3), canceled (4) changes conflict with nothing.
            try query.add("state", .notIn, ["3", "4"])
            if let exclude = try input.optionalString("exclude") {
                try query.add(isSysID(exclude) ? "sys_id" : "number", .notEquals, .string(exclude))
            }
            try query.order(by: "start_date", descending: false)
            return try list("change_request", query, input)
        },
        action("cmdb.ci.get", .read) { input throws(WorkerError) in
            let ci = try input.string("ci")
            if isSysID(ci) {
                return ActionRequest(method: .GET, path: "\(table)/cmdb_ci/\(ci)", query: try readOptions(input))
            }
            var query = EncodedQuery()
            try query.add("name", .equals, .string(ci))
            // Two at most: a name that more than one CI has is refused rather than guessed.
            var items = [Query("sysparm_query", query.text)] + (try readOptions(input))
            items.append(Query("sysparm_limit", "2"))
            return ActionRequest(method: .GET, path: "\(table)/cmdb_ci", query: items)
        },
        action("cmdb.ci.search", .list(itemsKey: "result")) { input throws(WorkerError) in
            var query = try filtered(input)
            if let name = try input.optionalString("name") { try query.add("name", .like, .string(name)) }
            return try list(try input.optionalString("class") ?? "cmdb_ci", query, input)
        },
        action("cmdb.relations", .list(itemsKey: "result")) { input throws(WorkerError) in
            let ci = try input.string("ci")
            var query = EncodedQuery()
            switch try input.optionalString("direction") ?? "both" {
            case "upstream": try query.add("child", .equals, .string(ci))
            case "downstream": try query.add("parent", .equals, .string(ci))
            default: try query.addAny([("parent", ci), ("child", ci)])
            }
            return try list("cmdb_rel_ci", query, input, displayValue: "all")
        },
        action("users.lookup", .list(itemsKey: "result")) { input throws(WorkerError) in
            var query = EncodedQuery()
            try query.add("user_name", equals: try input.optionalString("user_name"))
            try query.add("email", equals: try input.optionalString("email"))
            if let name = try input.optionalString("name") { try query.add("name", .like, .string(name)) }
            return try list("sys_user", query, input)
        },
        action("groups.lookup", .list(itemsKey: "result")) { input throws(WorkerError) in
            var query = EncodedQuery()
            try query.add("name", .like, .string(try input.string("name")))
            return try list("sys_user_group", query, input)
        },
    ]
}
