import EmulatorKit
import Foundation
import StructuredData

/// PagerDuty's error answer: `{"error": {"message": "…", "code": N, "errors": ["…"]}}` with its status.
struct PagerDutyError: Error, EmulatorResponseError {
    var status: Int
    var message: String
    var code: Int
    var errors: [String] = []

    var response: EmulatorResponse {
        var error: [String: JSONValue] = ["message": .string(message), "code": .integer(code)]
        if !errors.isEmpty { error["errors"] = .array(errors.map { .string($0) }) }
        return .json(["error": .object(error)], status: status)
    }

    static func notFound(_ what: String) -> PagerDutyError {
        PagerDutyError(status: 404, message: "Not Found", code: 2100, errors: ["\(what) not found."])
    }

    static func invalid(_ problems: String...) -> PagerDutyError {
        PagerDutyError(status: 400, message: "Invalid Input Provided", code: 2001, errors: problems)
    }
}

/// The REST API v2 endpoints the pack (and the official python client in the contract test) uses, answered from
/// ``PagerDutyWorld`` with PagerDuty's shapes; `Authorization: Token token=<key>` on every call.
struct PagerDutyAPI {
    let state: SeededState<PagerDutyWorld>

    var router: EmulatorRouter {
        var router = EmulatorRouter()
        router.add("GET", "/incidents") { request, _ in try self.incidents(request) }
        router.add("GET", "/incidents/{id}") { request, p in try self.incident(request, p["id"]) }
        router.add("PUT", "/incidents/{id}") { request, p in try self.update(request, p["id"]) }
        router.add("GET", "/incidents/{id}/log_entries") { request, p in try self.logEntries(request, p["id"]) }
        router.add("GET", "/incidents/{id}/notes") { request, p in try self.notes(request, p["id"]) }
        router.add("POST", "/incidents/{id}/notes") { request, p in try self.addNote(request, p["id"]) }
        router.add("GET", "/incidents/{id}/alerts") { request, p in try self.alerts(request, p["id"]) }
        router.add("POST", "/incidents/{id}/snooze") { request, p in try self.snooze(request, p["id"]) }
        router.add("GET", "/oncalls") { request, _ in try self.oncalls(request) }
        router.add("GET", "/schedules") { request, _ in try self.schedules(request) }
        router.add("GET", "/schedules/{id}") { request, p in try self.schedule(request, p["id"]) }
        router.add("GET", "/services") { request, _ in try self.services(request) }
        router.add("GET", "/services/{id}") { request, p in try self.service(request, p["id"]) }
        router.add("DELETE", "/services/{id}") { request, p in try self.deleteService(request, p["id"]) }
        router.add("GET", "/escalation_policies") { request, _ in try self.policies(request) }
        router.add("GET", "/users/{id}") { request, p in try self.user(request, p["id"]) }
        router.add("GET", "/maintenance_windows") { request, _ in try self.windows(request) }
        router.add("POST", "/maintenance_windows") { request, _ in try self.createWindow(request) }
        router.add("DELETE", "/maintenance_windows/{id}") { request, p in try self.deleteWindow(request, p["id"]) }
        return router
    }

    /// Checks `Authorization: Token token=<key>` against the account's keys.
    func authenticate(_ request: EmulatorRequest) throws(PagerDutyError) {
        let header = request.header("authorization") ?? ""
        let prefix = "token token="
        guard header.lowercased().hasPrefix(prefix),
            state.withLock({ $0.apiKeys.contains(String(header.dropFirst(prefix.count))) })
        else {
            throw PagerDutyError(status: 401, message: "Unauthorized", code: 2006)
        }
    }

    /// The user a write acts as: the `From` header, which must be the email of a user of the account.
    func actor(_ request: EmulatorRequest, _ world: PagerDutyWorld) throws(PagerDutyError) -> PagerDutyWorld.User {
        guard let email = request.header("from"), !email.isEmpty else {
            throw PagerDutyError.invalid("The From header is required: the email address of a valid user.")
        }
        guard let user = world.user(email: email) else {
            throw PagerDutyError.invalid("The From header must be the email address of a valid user; \(email) is not.")
        }
        return user
    }

    func json(_ request: EmulatorRequest) throws(PagerDutyError) -> JSONValue {
        guard let body = try? request.jsonBody(), body.objectValue != nil else {
            throw PagerDutyError(
                status: 400,
                message: "Invalid Input Provided",
                code: 2001,
                errors: ["Body must be a JSON object."]
            )
        }
        return body
    }

    /// The values of a repeated array parameter (`statuses[]=a&statuses[]=b`).
    func values(_ request: EmulatorRequest, _ name: String) -> [String] {
        request.query.filter { $0.name == "\(name)[]" || $0.name == name }.map(\.value)
    }

    /// `items` paged by `offset` and `limit` (default 25, at most 100) with PagerDuty's `offset`, `limit`, `more`
    /// and `total` (null unless `total=true`).
    func page(_ items: [JSONValue], _ key: String, _ request: EmulatorRequest) throws(PagerDutyError)
        -> EmulatorResponse
    {
        do {
            let page = try Pagination.offset(items, request: request, defaultLimit: 25, maxLimit: 100)
            let total: JSONValue = request.queryValue("total") == "true" ? .integer(page.total) : .null
            return .json(
                page.json(
                    itemsKey: key,
                    totalKey: nil,
                    moreKey: "more",
                    extra: ["offset": .integer(page.offset), "limit": .integer(page.limit), "total": total]
                )
            )
        } catch {
            throw PagerDutyError.invalid("\(error)")
        }
    }

    func time(_ request: EmulatorRequest, _ name: String) throws(PagerDutyError) -> Date? {
        guard let text = request.queryValue(name) else { return nil }
        guard let date = PagerDutyWorld.date(text) else {
            throw PagerDutyError.invalid("\(name) must be an ISO 8601 date-time; \(text) is not.")
        }
        return date
    }

    // MARK: rendering

    static func reference(_ type: String, _ id: String, _ summary: String, base: String, path: String) -> JSONValue {
        [
            "id": .string(id), "type": .string(type), "summary": .string(summary),
            "self": .string("\(base)/\(path)/\(id)"),
            "html_url": .string("https://cordum-demo.pagerduty.com/\(path)/\(id)"),
        ]
    }

    func userRef(_ id: String, _ world: PagerDutyWorld, base: String) -> JSONValue {
        Self.reference("user_reference", id, world.user(id)?.name ?? id, base: base, path: "users")
    }

    func serviceRef(_ id: String, _ world: PagerDutyWorld, base: String) -> JSONValue {
        Self.reference("service_reference", id, world.service(id)?.name ?? id, base: base, path: "services")
    }

    func policyRef(_ id: String, _ world: PagerDutyWorld, base: String) -> JSONValue {
        Self.reference(
            "escalation_policy_reference",
            id,
            world.policy(id)?.name ?? id,
            base: base,
            path: "escalation_policies"
        )
    }

    func incidentJSON(_ incident: PagerDutyWorld.Incident, _ world: PagerDutyWorld, base: String) -> JSONValue {
        let time = PagerDutyWorld.time
        let triggered = incident.alerts.filter { $0.status == "triggered" }.count
        return [
            "id": .string(incident.id), "type": "incident",
            "summary": .string("[#\(incident.number)] \(incident.title)"),
            "self": .string("\(base)/incidents/\(incident.id)"),
            "html_url": .string("https://cordum-demo.pagerduty.com/incidents/\(incident.id)"),
            "incident_number": .integer(incident.number), "title": .string(incident.title),
            "description": .string(incident.title), "created_at": .string(time(incident.created)),
            "updated_at": .string(time(incident.updated)), "last_status_change_at": .string(time(incident.updated)),
            "status": .string(incident.status), "incident_key": .string(incident.incidentKey),
            "urgency": .string(incident.urgency), "service": serviceRef(incident.service, world, base: base),
            "escalation_policy": policyRef(incident.escalationPolicy, world, base: base),
            "assignments": .array(
                incident.assignees.map {
                    ["at": .string(time(incident.updated)), "assignee": userRef($0, world, base: base)]
                }
            ),
            // PagerDuty answers "priority": null and "resolve_reason": null; its description allows objects only,
            // so the emulator leaves both out, which clients read alike.
            "acknowledgements": [], "teams": [],
            "alert_counts": [
                "all": .integer(incident.alerts.count), "triggered": .integer(triggered),
                "resolved": .integer(incident.alerts.count - triggered),
            ],
            "pending_actions": incident.snoozedUntil.map {
                [["type": "unacknowledge", "at": .string(time($0))]]
            } ?? [],
            "incident_type": ["name": "incident_default"],
        ]
    }

    func alertJSON(
        _ alert: PagerDutyWorld.Alert,
        _ incident: PagerDutyWorld.Incident,
        _ world: PagerDutyWorld,
        base: String
    )
        -> JSONValue
    {
        [
            "id": .string(alert.id), "type": "alert", "summary": .string(alert.summary),
            "self": .string("\(base)/alerts/\(alert.id)"),
            "html_url": .string("https://cordum-demo.pagerduty.com/alerts/\(alert.id)"),
            "created_at": .string(PagerDutyWorld.time(alert.created)), "status": .string(alert.status),
            "alert_key": .string(alert.alertKey), "severity": .string(alert.severity), "suppressed": false,
            "service": serviceRef(incident.service, world, base: base),
            "incident": Self.reference(
                "incident_reference",
                incident.id,
                incident.title,
                base: base,
                path: "incidents"
            ),
            "body": ["type": "alert_body", "details": alert.details],
        ]
    }

    func serviceJSON(_ service: PagerDutyWorld.Service, _ world: PagerDutyWorld, base: String) -> JSONValue {
        [
            "id": .string(service.id), "type": "service", "summary": .string(service.name),
            "name": .string(service.name),
            "self": .string("\(base)/services/\(service.id)"),
            "html_url": .string("https://cordum-demo.pagerduty.com/service-directory/\(service.id)"),
            "status": .string(service.status), "description": .string(service.name),
            "created_at": "2026-01-05T10:00:00Z",
            "escalation_policy": policyRef(service.escalationPolicy, world, base: base),
            "alert_creation": "create_alerts_and_incidents", "teams": [], "integrations": [],
        ]
    }

    func userJSON(_ user: PagerDutyWorld.User, base: String) -> JSONValue {
        [
            "id": .string(user.id), "type": "user", "summary": .string(user.name), "name": .string(user.name),
            "email": .string(user.email), "self": .string("\(base)/users/\(user.id)"),
            "html_url": .string("https://cordum-demo.pagerduty.com/users/\(user.id)"), "time_zone": "Etc/UTC",
            "role": "user", "teams": [],
        ]
    }

    func windowJSON(_ window: PagerDutyWorld.MaintenanceWindow, _ world: PagerDutyWorld, base: String) -> JSONValue {
        [
            "id": .string(window.id), "type": "maintenance_window", "summary": .string(window.description),
            "self": .string("\(base)/maintenance_windows/\(window.id)"),
            "html_url": .string("https://cordum-demo.pagerduty.com/maintenance_windows#\(window.id)"),
            "start_time": .string(PagerDutyWorld.time(window.start)),
            "end_time": .string(PagerDutyWorld.time(window.end)), "description": .string(window.description),
            "services": .array(window.services.map { serviceRef($0, world, base: base) }),
            "created_by": userRef(window.createdBy, world, base: base), "teams": [],
        ]
    }

    // MARK: reads

    func incidents(_ request: EmulatorRequest) throws -> EmulatorResponse {
        try authenticate(request)
        let statuses = values(request, "statuses")
        let urgencies = values(request, "urgencies")
        let services = values(request, "service_ids")
        let all = request.queryValue("date_range") == "all"
        let since = try time(request, "since")
        let until = try time(request, "until")
        let items = state.withLock { world -> [JSONValue] in
            world.incidents.filter { incident in
                (statuses.isEmpty ? incident.status != "resolved" : statuses.contains(incident.status))
                    && (urgencies.isEmpty || urgencies.contains(incident.urgency))
                    && (services.isEmpty || services.contains(incident.service))
                    && (all || since.map { incident.created >= $0 } ?? true)
                    && (all || until.map { incident.created < $0 } ?? true)
            }
            .sorted { $0.number < $1.number }
            .map { incidentJSON($0, world, base: request.baseURL) }
        }
        return try page(items, "incidents", request)
    }

    func incident(_ request: EmulatorRequest, _ id: String?) throws -> EmulatorResponse {
        try authenticate(request)
        return try state.withLock { world throws(PagerDutyError) -> EmulatorResponse in
            guard let index = world.incidentIndex(id ?? "") else { throw PagerDutyError.notFound("Incident") }
            return .json(["incident": incidentJSON(world.incidents[index], world, base: request.baseURL)])
        }
    }

    func logEntries(_ request: EmulatorRequest, _ id: String?) throws -> EmulatorResponse {
        try authenticate(request)
        let items = try state.withLock { world throws(PagerDutyError) -> [JSONValue] in
            guard let index = world.incidentIndex(id ?? "") else { throw PagerDutyError.notFound("Incident") }
            let incident = world.incidents[index]
            return incident.log.map { entry in
                var json: [String: JSONValue] = [
                    "id": .string(entry.id), "type": .string(entry.type), "summary": .string(entry.summary),
                    "self": .string("\(request.baseURL)/log_entries/\(entry.id)"),
                    "created_at": .string(PagerDutyWorld.time(entry.created)),
                    "incident": Self.reference(
                        "incident_reference",
                        incident.id,
                        incident.title,
                        base: request.baseURL,
                        path: "incidents"
                    ),
                ]
                // No `channel`: the description's Channel is a oneOf of shapes without a discriminator, which any
                // channel object matches several of (so none validates); clients do not need it.
                if let agent = entry.agent { json["agent"] = userRef(agent, world, base: request.baseURL) }
                return .object(json)
            }
        }
        return try page(items, "log_entries", request)
    }

    func notes(_ request: EmulatorRequest, _ id: String?) throws -> EmulatorResponse {
        try authenticate(request)
        return try state.withLock { world throws(PagerDutyError) -> EmulatorResponse in
            guard let index = world.incidentIndex(id ?? "") else { throw PagerDutyError.notFound("Incident") }
            let notes = world.incidents[index].notes.map { noteJSON($0, world, base: request.baseURL) }
            return .json(["notes": .array(notes)])
        }
    }

    func noteJSON(_ note: PagerDutyWorld.Note, _ world: PagerDutyWorld, base: String) -> JSONValue {
        [
            "id": .string(note.id), "user": userRef(note.user, world, base: base), "content": .string(note.content),
            "created_at": .string(PagerDutyWorld.time(note.created)),
        ]
    }

    func alerts(_ request: EmulatorRequest, _ id: String?) throws -> EmulatorResponse {
        try authenticate(request)
        let statuses = values(request, "statuses")
        let items = try state.withLock { world throws(PagerDutyError) -> [JSONValue] in
            guard let index = world.incidentIndex(id ?? "") else { throw PagerDutyError.notFound("Incident") }
            let incident = world.incidents[index]
            return incident.alerts.filter { statuses.isEmpty || statuses.contains($0.status) }
                .map { alertJSON($0, incident, world, base: request.baseURL) }
        }
        return try page(items, "alerts", request)
    }

    func oncalls(_ request: EmulatorRequest) throws -> EmulatorResponse {
        try authenticate(request)
        let schedules = values(request, "schedule_ids")
        let policies = values(request, "escalation_policy_ids")
        let users = values(request, "user_ids")
        let earliest = request.queryValue("earliest") == "true"
        let since = try time(request, "since")
        let until = try time(request, "until")
        let items = state.withLock { world -> [JSONValue] in
            let from = since ?? world.now
            let to = max(until ?? world.now, from) + (until == nil ? 1 : 0)
            var items: [JSONValue] = []
            for policy in world.policies where policies.isEmpty || policies.contains(policy.id) {
                for (offset, targets) in policy.levels.enumerated() {
                    for target in targets {
                        if let schedule = world.schedule(target) {
                            guard schedules.isEmpty || schedules.contains(schedule.id) else { continue }
                            var shifts = world.shifts(schedule, since: from, until: to)
                            if earliest { shifts = Array(shifts.prefix(1)) }
                            for shift in shifts where users.isEmpty || users.contains(shift.user) {
                                items.append([
                                    "escalation_policy": policyRef(policy.id, world, base: request.baseURL),
                                    "escalation_level": .integer(offset + 1),
                                    "schedule": Self.reference(
                                        "schedule_reference",
                                        schedule.id,
                                        schedule.name,
                                        base: request.baseURL,
                                        path: "schedules"
                                    ),
                                    "user": userRef(shift.user, world, base: request.baseURL),
                                    "start": .string(PagerDutyWorld.time(shift.start)),
                                    "end": .string(PagerDutyWorld.time(shift.end)),
                                ])
                            }
                        } else if schedules.isEmpty, users.isEmpty || users.contains(target) {
                            items.append([
                                "escalation_policy": policyRef(policy.id, world, base: request.baseURL),
                                "escalation_level": .integer(offset + 1), "schedule": .null,
                                "user": userRef(target, world, base: request.baseURL), "start": .null, "end": .null,
                            ])
                        }
                    }
                }
            }
            return items
        }
        return try page(items, "oncalls", request)
    }

    func schedules(_ request: EmulatorRequest) throws -> EmulatorResponse {
        try authenticate(request)
        let query = request.queryValue("query")?.lowercased() ?? ""
        let items = state.withLock { world -> [JSONValue] in
            world.schedules.filter { query.isEmpty || $0.name.lowercased().contains(query) }.map { schedule in
                [
                    "id": .string(schedule.id), "type": "schedule", "summary": .string(schedule.name),
                    "name": .string(schedule.name), "time_zone": .string(schedule.timeZone),
                    "self": .string("\(request.baseURL)/schedules/\(schedule.id)"),
                    "html_url": .string("https://cordum-demo.pagerduty.com/schedules/\(schedule.id)"),
                    "users": .array(schedule.users.map { userRef($0, world, base: request.baseURL) }),
                    "escalation_policies": .array(
                        world.policies.filter { $0.levels.contains { $0.contains(schedule.id) } }
                            .map { policyRef($0.id, world, base: request.baseURL) }
                    ),
                ]
            }
        }
        return try page(items, "schedules", request)
    }

    func schedule(_ request: EmulatorRequest, _ id: String?) throws -> EmulatorResponse {
        try authenticate(request)
        let since = try time(request, "since")
        let until = try time(request, "until")
        return try state.withLock { world throws(PagerDutyError) -> EmulatorResponse in
            guard let schedule = world.schedule(id ?? "") else { throw PagerDutyError.notFound("Schedule") }
            let from = since ?? world.now
            let to = until ?? from + 7 * 86400
            guard to > from else { throw PagerDutyError.invalid("until must be after since.") }
            let entries: [JSONValue] = world.shifts(schedule, since: from, until: to).map { shift in
                [
                    "start": .string(PagerDutyWorld.time(shift.start)), "end": .string(PagerDutyWorld.time(shift.end)),
                    "user": userRef(shift.user, world, base: request.baseURL),
                ]
            }
            let final: JSONValue = [
                "name": "Final Schedule", "rendered_schedule_entries": .array(entries),
                "rendered_coverage_percentage": 100.0,
            ]
            return .json([
                "schedule": [
                    "id": .string(schedule.id), "type": "schedule", "summary": .string(schedule.name),
                    "name": .string(schedule.name), "time_zone": .string(schedule.timeZone),
                    "self": .string("\(request.baseURL)/schedules/\(schedule.id)"),
                    "html_url": .string("https://cordum-demo.pagerduty.com/schedules/\(schedule.id)"),
                    "final_schedule": final,
                    "users": .array(schedule.users.map { userRef($0, world, base: request.baseURL) }),
                ]
            ])
        }
    }

    func services(_ request: EmulatorRequest) throws -> EmulatorResponse {
        try authenticate(request)
        let query = request.queryValue("query")?.lowercased() ?? ""
        let items = state.withLock { world in
            world.services.filter { query.isEmpty || $0.name.lowercased().contains(query) }
                .map { serviceJSON($0, world, base: request.baseURL) }
        }
        return try page(items, "services", request)
    }

    func service(_ request: EmulatorRequest, _ id: String?) throws -> EmulatorResponse {
        try authenticate(request)
        return try state.withLock { world throws(PagerDutyError) -> EmulatorResponse in
            guard let service = world.service(id ?? "") else { throw PagerDutyError.notFound("Service") }
            return .json(["service": serviceJSON(service, world, base: request.baseURL)])
        }
    }

    func policies(_ request: EmulatorRequest) throws -> EmulatorResponse {
        try authenticate(request)
        let query = request.queryValue("query")?.lowercased() ?? ""
        let items = state.withLock { world -> [JSONValue] in
            world.policies.filter { query.isEmpty || $0.name.lowercased().contains(query) }.map { policy in
                let rules: [JSONValue] = policy.levels.enumerated().map { offset, targets in
                    [
                        "id": .string("\(policy.id)R\(offset + 1)"), "escalation_delay_in_minutes": 30,
                        "targets": .array(
                            targets.map { target in
                                world.schedule(target) == nil
                                    ? userRef(target, world, base: request.baseURL)
                                    : Self.reference(
                                        "schedule_reference",
                                        target,
                                        world.schedule(target)?.name ?? target,
                                        base: request.baseURL,
                                        path: "schedules"
                                    )
                            }
                        ),
                    ]
                }
                return [
                    "id": .string(policy.id), "type": "escalation_policy", "summary": .string(policy.name),
                    "name": .string(policy.name),
                    "self": .string("\(request.baseURL)/escalation_policies/\(policy.id)"),
                    "html_url": .string("https://cordum-demo.pagerduty.com/escalation_policies/\(policy.id)"),
                    "escalation_rules": .array(rules), "num_loops": 0,
                    "services": .array(
                        world.services.filter { $0.escalationPolicy == policy.id }
                            .map { serviceRef($0.id, world, base: request.baseURL) }
                    ),
                ]
            }
        }
        return try page(items, "escalation_policies", request)
    }

    func user(_ request: EmulatorRequest, _ id: String?) throws -> EmulatorResponse {
        try authenticate(request)
        return try state.withLock { world throws(PagerDutyError) -> EmulatorResponse in
            guard let user = world.user(id ?? "") else { throw PagerDutyError.notFound("User") }
            return .json(["user": userJSON(user, base: request.baseURL)])
        }
    }

    func windows(_ request: EmulatorRequest) throws -> EmulatorResponse {
        try authenticate(request)
        let items = state.withLock { world in world.windows.map { windowJSON($0, world, base: request.baseURL) } }
        return try page(items, "maintenance_windows", request)
    }
}
