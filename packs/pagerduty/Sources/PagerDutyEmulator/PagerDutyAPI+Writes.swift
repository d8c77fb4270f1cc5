import EmulatorKit
import Foundation
import StructuredData

extension PagerDutyAPI {
    /// `PUT /incidents/{id}`: a new status (acknowledged, resolved, triggered), a resolution, assignees or an
    /// escalation policy, made as the `From` user and logged on the incident's timeline.
    func update(_ request: EmulatorRequest, _ id: String?) throws -> EmulatorResponse {
        try authenticate(request)
        let body = try json(request)
        guard let fields = body["incident"]?.objectValue else {
            throw PagerDutyError.invalid("incident is required: an object of the fields to change.")
        }
        return try state.withLock { world throws(PagerDutyError) -> EmulatorResponse in
            let actor = try actor(request, world)
            guard let index = world.incidentIndex(id ?? "") else { throw PagerDutyError.notFound("Incident") }
            var incident = world.incidents[index]
            let now = world.tick()
            if let status = fields["status"] {
                guard let status = status.stringValue, ["triggered", "acknowledged", "resolved"].contains(status) else {
                    throw PagerDutyError.invalid("status must be triggered, acknowledged or resolved.")
                }
                if status != incident.status {
                    incident.status = status
                    incident.snoozedUntil = nil
                    let kind = status == "triggered" ? "trigger" : status == "acknowledged" ? "acknowledge" : "resolve"
                    incident.log.append(
                        .init(
                            id: world.newID("PLOG"),
                            type: "\(kind)_log_entry",
                            summary: "\(status.prefix(1).uppercased() + status.dropFirst()) by \(actor.name).",
                            created: now,
                            agent: actor.id
                        )
                    )
                    if status == "resolved" {
                        for alert in incident.alerts.indices { incident.alerts[alert].status = "resolved" }
                    }
                }
            }
            if let resolution = fields["resolution"]?.stringValue { incident.resolution = resolution }
            if let assignments = fields["assignments"]?.arrayValue {
                let users = assignments.compactMap { $0["assignee"]?["id"]?.stringValue }
                if let unknown = users.first(where: { world.user($0) == nil }) {
                    throw PagerDutyError.invalid("Assignee \(unknown) is not a user of the account.")
                }
                incident.assignees = users
                incident.log.append(
                    .init(
                        id: world.newID("PLOG"),
                        type: "assign_log_entry",
                        summary: "Reassigned by \(actor.name).",
                        created: now,
                        agent: actor.id
                    )
                )
            }
            if let policy = fields["escalation_policy"]?["id"]?.stringValue {
                guard world.policy(policy) != nil else {
                    throw PagerDutyError.invalid("Escalation policy \(policy) does not exist.")
                }
                incident.escalationPolicy = policy
                incident.log.append(
                    .init(
                        id: world.newID("PLOG"),
                        type: "escalate_log_entry",
                        summary: "Escalation policy changed by \(actor.name).",
                        created: now,
                        agent: actor.id
                    )
                )
            }
            incident.updated = now
            world.incidents[index] = incident
            return .json(["incident": incidentJSON(incident, world, base: request.baseURL)])
        }
    }

    /// `POST /incidents/{id}/notes`.
    func addNote(_ request: EmulatorRequest, _ id: String?) throws -> EmulatorResponse {
        try authenticate(request)
        let body = try json(request)
        guard let content = body["note"]?["content"]?.stringValue, !content.isEmpty else {
            throw PagerDutyError.invalid("note.content is required.")
        }
        return try state.withLock { world throws(PagerDutyError) -> EmulatorResponse in
            let actor = try actor(request, world)
            guard let index = world.incidentIndex(id ?? "") else { throw PagerDutyError.notFound("Incident") }
            let note = PagerDutyWorld.Note(
                id: world.newID("PNOT"),
                user: actor.id,
                content: content,
                created: world.tick()
            )
            world.incidents[index].notes.append(note)
            return .json(["note": noteJSON(note, world, base: request.baseURL)], status: 200)
        }
    }

    /// `POST /incidents/{id}/snooze`: only an acknowledged incident, for 1 s to a week.
    func snooze(_ request: EmulatorRequest, _ id: String?) throws -> EmulatorResponse {
        try authenticate(request)
        let body = try json(request)
        guard let duration = body["duration"]?.intValue, (1...604_800).contains(duration) else {
            throw PagerDutyError.invalid("duration must be a number of seconds from 1 to 604800.")
        }
        return try state.withLock { world throws(PagerDutyError) -> EmulatorResponse in
            let actor = try actor(request, world)
            guard let index = world.incidentIndex(id ?? "") else { throw PagerDutyError.notFound("Incident") }
            guard world.incidents[index].status == "acknowledged" else {
                throw PagerDutyError(
                    status: 400,
                    message: "Incident Already Resolved or not Acknowledged",
                    code: 2001,
                    errors: ["Only an acknowledged incident can be snoozed."]
                )
            }
            let now = world.tick()
            world.incidents[index].snoozedUntil = now + Double(duration)
            world.incidents[index].updated = now
            world.incidents[index].log.append(
                .init(
                    id: world.newID("PLOG"),
                    type: "snooze_log_entry",
                    summary: "Snoozed for \(duration) seconds by \(actor.name).",
                    created: now,
                    agent: actor.id
                )
            )
            return .json(["incident": incidentJSON(world.incidents[index], world, base: request.baseURL)], status: 201)
        }
    }

    /// `POST /maintenance_windows`.
    func createWindow(_ request: EmulatorRequest) throws -> EmulatorResponse {
        try authenticate(request)
        let body = try json(request)
        guard let fields = body["maintenance_window"]?.objectValue else {
            throw PagerDutyError.invalid("maintenance_window is required.")
        }
        guard let start = fields["start_time"]?.stringValue.flatMap(PagerDutyWorld.date),
            let end = fields["end_time"]?.stringValue.flatMap(PagerDutyWorld.date)
        else {
            throw PagerDutyError.invalid("start_time and end_time must be ISO 8601 date-times.")
        }
        guard end > start else { throw PagerDutyError.invalid("end_time must be after start_time.") }
        let services = (fields["services"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        guard !services.isEmpty else { throw PagerDutyError.invalid("services must name at least one service.") }
        return try state.withLock { world throws(PagerDutyError) -> EmulatorResponse in
            let actor = try actor(request, world)
            if let unknown = services.first(where: { world.service($0) == nil }) {
                throw PagerDutyError.invalid("Service \(unknown) does not exist.")
            }
            let window = PagerDutyWorld.MaintenanceWindow(
                id: world.newID("PMWN"),
                start: start,
                end: end,
                description: fields["description"]?.stringValue ?? "",
                services: services,
                createdBy: actor.id
            )
            world.windows.append(window)
            return .json(["maintenance_window": windowJSON(window, world, base: request.baseURL)], status: 201)
        }
    }

    /// `DELETE /maintenance_windows/{id}`.
    func deleteWindow(_ request: EmulatorRequest, _ id: String?) throws -> EmulatorResponse {
        try authenticate(request)
        return try state.withLock { world throws(PagerDutyError) -> EmulatorResponse in
            guard let index = world.windows.firstIndex(where: { $0.id == id }) else {
                throw PagerDutyError.notFound("Maintenance window")
            }
            world.windows.remove(at: index)
            return .empty(status: 204)
        }
    }

    /// `DELETE /services/{id}`.
    func deleteService(_ request: EmulatorRequest, _ id: String?) throws -> EmulatorResponse {
        try authenticate(request)
        return try state.withLock { world throws(PagerDutyError) -> EmulatorResponse in
            guard let index = world.services.firstIndex(where: { $0.id == id }) else {
                throw PagerDutyError.notFound("Service")
            }
            world.services.remove(at: index)
            return .empty(status: 204)
        }
    }
}
