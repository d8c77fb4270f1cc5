import NIOHTTP1
import StructuredData
import WorkerKit

extension ServiceNowAction {
    /// The record a write changed: its table and sys_id.
    static func changed(_ table: String, _ change: ChangedObject.Change) -> Action.ObjectsExtractor {
        { _, request, result in
            let record = result["result"] ?? result
            let id = record["sys_id"]?.stringValue ?? request.path.split(separator: "/").last.map(String.init) ?? ""
            return [ChangedObject(kind: table, id: .string(id), change: change)]
        }
    }

    /// `body[name] = input[field]` for the fields given, as strings (the Table API's own form).
    static func copy(
        _ input: ActionInput,
        _ pairs: [(field: String, name: String)],
        into body: inout [String: JSONValue]
    )
        throws(WorkerError)
    {
        for (field, name) in pairs {
            switch input.value(field) {
            case .integer(let number)?: body[name] = .string(String(number))
            case .string(let text)?: body[name] = .string(text)
            default: continue
            }
        }
    }

    /// The job's free `fields`, then the typed ones over them.
    static func body(_ input: ActionInput, _ pairs: [(String, String)]) throws(WorkerError) -> [String: JSONValue] {
        var body = input.value("fields")?.objectValue ?? [:]
        try copy(input, pairs.map { (field: $0.0, name: $0.1) }, into: &body)
        return body
    }

    /// `PATCH /table/<t>/<sys_id>`: the record must be named by sys_id here (the worker resolves numbers first).
    static func patch(_ table: String, _ field: String, _ input: ActionInput, _ body: [String: JSONValue])
        throws(WorkerError) -> ActionRequest
    {
        let id = try input.string(field)
        return ActionRequest(
            method: .PATCH,
            path: "\(Self.table)/\(table)/\(URLEncoding.component(id))",
            body: .object(body)
        )
    }

    static let incidentFields = [
        ("short_description", "short_description"), ("description", "description"), ("impact", "impact"),
        ("urgency", "urgency"), ("category", "category"), ("caller", "caller_id"),
        ("assignment_group", "assignment_group"), ("assigned_to", "assigned_to"), ("cmdb_ci", "cmdb_ci"),
    ]

    static let changeFields = [
        ("short_description", "short_description"), ("description", "description"), ("start_date", "start_date"),
        ("end_date", "end_date"), ("justification", "justification"), ("implementation_plan", "implementation_plan"),
        ("backout_plan", "backout_plan"), ("risk", "risk"), ("assignment_group", "assignment_group"),
    ]

    static func note(_ input: ActionInput) throws(WorkerError) -> [String: JSONValue] {
        [try input.optionalString("visibility") ?? "work_notes": .string(try input.string("text"))]
    }

    static func createChange(_ input: ActionInput) throws(WorkerError) -> ActionRequest {
        let ci = try input.string("ci")
        if isSysID(ci) {
            throw input.invalid(
                "ci: give the configuration item's name, not its sys_id: production CIs are known by name (prod_cis)."
            )
        }
        var body = try Self.body(input, changeFields + [("correlation_id", "correlation_id")])
        body["cmdb_ci"] = .string(ci)
        body["type"] = .string(try input.optionalString("type") ?? "normal")
        if let template = try input.optionalString("template") {
            body["std_change_producer_version"] = .string(template)
        }
        return ActionRequest(method: .POST, path: "\(table)/change_request", body: .object(body))
    }

    static func updateChange(_ input: ActionInput) throws(WorkerError) -> ActionRequest {
        var body = try Self.body(input, changeFields)
        if let state = try input.optionalInteger("state") { body["state"] = .string(String(state)) }
        return try patch("change_request", "change", input, body)
    }

    // MARK: writes

    static let writes: [Action] = [
        action("incidents.create", .write, objects: changed("incident", .created)) { input throws(WorkerError) in
            let body = try Self.body(input, incidentFields + [("correlation_id", "correlation_id")])
            return ActionRequest(method: .POST, path: "\(table)/incident", body: .object(body))
        },
        action("incidents.update", .write, objects: changed("incident", .updated)) { input throws(WorkerError) in
            var body = try Self.body(input, incidentFields)
            if let state = try input.optionalInteger("state") { body["state"] = .string(String(state)) }
            return try patch("incident", "incident", input, body)
        },
        action("incidents.resolve", .write, objects: changed("incident", .updated)) { input throws(WorkerError) in
            let body: [String: JSONValue] = [
                "state": "6",
                "close_code": .string(try input.optionalString("close_code") ?? "Solved (Permanently)"),
                "close_notes": .string(try input.string("close_notes")),
            ]
            return try patch("incident", "incident", input, body)
        },
        action("incidents.work-note", .write, objects: changed("incident", .updated)) { input throws(WorkerError) in
            try patch("incident", "incident", input, try note(input))
        },
        action("changes.create", .write, objects: changed("change_request", .created), build: createChange),
        action("changes.update", .write, objects: changed("change_request", .updated), build: updateChange),
        action("changes.work-note", .write, objects: changed("change_request", .updated)) {
            input throws(WorkerError) in
            try patch("change_request", "change", input, try note(input))
        },
        action(
            "prod.changes.create",
            .write,
            enabling: .byExactName(reason: "a change on a production CI"),
            objects: changed("change_request", .created),
            build: createChange
        ),
        action(
            "prod.changes.update",
            .write,
            enabling: .byExactName(reason: "a change on a production CI"),
            objects: changed("change_request", .updated),
            build: updateChange
        ),
        action(
            "records.delete",
            .write,
            enabling: .byExactName(reason: "destructive"),
            resource: tables,
            objects: { input, _, _ in
                [
                    ChangedObject(
                        kind: input.value("table")?.stringValue ?? "record",
                        id: input.value("sys_id") ?? .null,
                        change: .deleted
                    )
                ]
            }
        ) { input throws(WorkerError) in
            ActionRequest(
                method: .DELETE,
                path: "\(table)/\(try input.string("table"))/\(try input.string("sys_id"))"
            )
        },
    ]
}
