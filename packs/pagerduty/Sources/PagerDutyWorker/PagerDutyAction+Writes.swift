import NIOHTTP1
import StructuredData
import WorkerKit

extension PagerDutyAction {
    /// The `From` header of a REST write: the job's `from`, which the worker fills from the profile's `from` when the
    /// job gives none (``PagerDutyWorker``).
    static func from(_ input: ActionInput, action: String) throws(WorkerError) -> HTTPHeaders {
        guard let email = try input.optionalString("from") else {
            throw input.invalid(
                "\(action) needs the email of the PagerDuty user it acts as (PagerDuty's From header): set from in the job, or the profile's from (CORDUM_PAGERDUTY_FROM)."
            )
        }
        return ["From": email]
    }

    /// `PUT /incidents/{id}` with `{"incident": {"type": "incident_reference", …}}`.
    static func update(_ name: String, _ input: ActionInput, _ fields: [String: JSONValue]) throws(WorkerError)
        -> ActionRequest
    {
        var incident = fields
        incident["type"] = "incident_reference"
        return ActionRequest(
            method: .PUT,
            path: try path("incidents", input),
            body: ["incident": .object(incident)],
            headers: try from(input, action: name)
        )
    }

    /// The incident a write changed.
    static let updatedIncident: Action.ObjectsExtractor = { input, _, result in
        [
            ChangedObject(
                kind: "incident",
                id: input.value("id") ?? .null,
                url: result["incident"]?["html_url"]?.stringValue,
                change: .updated
            )
        ]
    }

    static let writes: [Action] = [
        action("incidents.acknowledge", .write, objects: updatedIncident) { input throws(WorkerError) in
            try update("incidents.acknowledge", input, ["status": "acknowledged"])
        },
        action("incidents.resolve", .write, objects: updatedIncident) { input throws(WorkerError) in
            var fields: [String: JSONValue] = ["status": "resolved"]
            if let resolution = try input.optionalString("resolution") { fields["resolution"] = .string(resolution) }
            return try update("incidents.resolve", input, fields)
        },
        action("incidents.reassign", .write, objects: updatedIncident) { input throws(WorkerError) in
            if let policy = try input.optionalString("escalation_policy_id") {
                return try update(
                    "incidents.reassign",
                    input,
                    ["escalation_policy": ["id": .string(policy), "type": "escalation_policy_reference"]]
                )
            }
            let users = try input.strings("user_ids") ?? []
            let assignments = users.map { user -> JSONValue in
                ["assignee": ["id": .string(user), "type": "user_reference"]]
            }
            return try update("incidents.reassign", input, ["assignments": .array(assignments)])
        },
        action(
            "incidents.notes.add",
            .write,
            objects: { input, _, result in
                [ChangedObject(kind: "note", id: result["note"]?["id"] ?? .null, change: .created)]
                    + updatedIncident(input, ActionRequest(method: .POST, path: ""), result)
            }
        ) { input throws(WorkerError) in
            ActionRequest(
                method: .POST,
                path: try path("incidents", input, "/notes"),
                body: ["note": ["content": .string(try input.string("content"))]],
                headers: try from(input, action: "incidents.notes.add")
            )
        },
        action("incidents.snooze", .write, objects: updatedIncident) { input throws(WorkerError) in
            ActionRequest(
                method: .POST,
                path: try path("incidents", input, "/snooze"),
                body: ["duration": .integer(try input.integer("duration"))],
                headers: try from(input, action: "incidents.snooze")
            )
        },
        action(
            "events.trigger",
            .write,
            objects: { input, _, result in
                [
                    ChangedObject(
                        kind: "alert",
                        id: result["dedup_key"] ?? input.value("dedup_key") ?? .null,
                        change: .created
                    )
                ]
            }
        ) { input throws(WorkerError) in
            var payload: [String: JSONValue] = [
                "summary": .string(try input.string("summary")),
                "source": .string(try input.string("source")),
                "severity": .string(try input.string("severity")),
            ]
            for field in ["component", "group", "class", "timestamp"] {
                if let value = try input.optionalString(field) { payload[field] = .string(value) }
            }
            if let details = input.value("custom_details") { payload["custom_details"] = details }
            var body: [String: JSONValue] = [
                "routing_key": .string(try input.optionalString("routing_key") ?? ""),
                "event_action": "trigger",
                "payload": .object(payload),
            ]
            for field in ["dedup_key", "client", "client_url"] {
                if let value = try input.optionalString(field) { body[field] = .string(value) }
            }
            if let links = input.value("links") { body["links"] = links }
            return ActionRequest(method: .POST, path: "/v2/enqueue", body: .object(body))
        },
        action(
            "maintenance-windows.create",
            .write,
            resource: service,
            objects: { _, _, result in
                [
                    ChangedObject(
                        kind: "maintenance_window",
                        id: result["maintenance_window"]?["id"] ?? .null,
                        url: result["maintenance_window"]?["html_url"]?.stringValue,
                        change: .created
                    )
                ]
            }
        ) { input throws(WorkerError) in
            let services = (try input.strings("service_ids") ?? []).map { id -> JSONValue in
                ["id": .string(id), "type": "service_reference"]
            }
            var window: [String: JSONValue] = [
                "type": "maintenance_window",
                "start_time": .string(try input.string("start_time")),
                "end_time": .string(try input.string("end_time")),
                "services": .array(services),
            ]
            if let description = try input.optionalString("description") {
                window["description"] = .string(description)
            }
            return ActionRequest(
                method: .POST,
                path: "/maintenance_windows",
                body: ["maintenance_window": .object(window)],
                headers: try from(input, action: "maintenance-windows.create")
            )
        },
        action(
            "services.delete",
            .write,
            enabling: .byExactName(reason: "destructive"),
            resource: serviceByID,
            objects: { input, _, _ in [ChangedObject(kind: "service", id: input.value("id") ?? .null, change: .deleted)]
            }
        ) { input throws(WorkerError) in
            ActionRequest(method: .DELETE, path: try path("services", input))
        },
        action(
            "maintenance-windows.delete",
            .write,
            enabling: .byExactName(reason: "destructive"),
            objects: { input, _, _ in
                [ChangedObject(kind: "maintenance_window", id: input.value("id") ?? .null, change: .deleted)]
            }
        ) { input throws(WorkerError) in
            ActionRequest(method: .DELETE, path: try path("maintenance_windows", input))
        },
    ]
}
