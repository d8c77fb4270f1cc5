import EmulatorKit
import Foundation
import StructuredData

/// The Events API v2 (`POST /v2/enqueue`): a trigger with a known routing key opens an alert and an incident on
/// the key's service, or — when an open alert has the same `dedup_key` — is deduplicated into it; acknowledge and
/// resolve act on the alert of the `dedup_key`. Answers `202 {"status": "success", "message": "Event processed",
/// "dedup_key": …}`, or `400 {"status": "invalid event", "message": "Event object is invalid", "errors": […]}`.
struct PagerDutyEvents {
    let state: SeededState<PagerDutyWorld>

    static func invalid(_ errors: String...) -> EmulatorResponse {
        .json(
            [
                "status": "invalid event", "message": "Event object is invalid",
                "errors": .array(errors.map { .string($0) }),
            ],
            status: 400
        )
    }

    func enqueue(_ request: EmulatorRequest) -> EmulatorResponse {
        guard let body = try? request.jsonBody(), body.objectValue != nil else {
            return Self.invalid("The request body must be a JSON object.")
        }
        guard let key = body["routing_key"]?.stringValue, key.count == 32 else {
            return Self.invalid("Length of 'routing_key' is incorrect (should be 32 characters)")
        }
        guard let action = body["event_action"]?.stringValue, ["trigger", "acknowledge", "resolve"].contains(action)
        else {
            return Self.invalid("'event_action' is missing or blank")
        }
        let payload = body["payload"]
        if action == "trigger" {
            for field in ["summary", "source", "severity"] where payload?[field]?.stringValue?.isEmpty ?? true {
                return Self.invalid("'payload.\(field)' is missing or blank")
            }
            let severity = payload?["severity"]?.stringValue ?? ""
            guard ["critical", "error", "warning", "info"].contains(severity) else {
                return Self.invalid("'payload.severity' is invalid (must be critical, error, warning or info)")
            }
        } else if body["dedup_key"]?.stringValue == nil {
            return Self.invalid("'dedup_key' is required for \(action)")
        }
        return state.withLock { world -> EmulatorResponse in
            guard let service = world.services.first(where: { $0.routingKeys.contains(key) }) else {
                return Self.invalid("Invalid routing key")
            }
            let dedup = body["dedup_key"]?.stringValue ?? world.newID("DEDUP")
            let now = world.tick()
            let open = world.incidents.indices.first { index in
                world.incidents[index].service == service.id && world.incidents[index].status != "resolved"
                    && world.incidents[index].alerts.contains { $0.alertKey == dedup && $0.status == "triggered" }
            }
            switch action {
            case "trigger":
                if let index = open {
                    world.incidents[index].log.append(
                        .init(
                            id: world.newID("PLOG"),
                            type: "trigger_log_entry",
                            summary: "Deduplicated event \(dedup).",
                            created: now,
                            agent: nil
                        )
                    )
                } else {
                    let alert = PagerDutyWorld.Alert(
                        id: world.newID("PALR"),
                        summary: payload?["summary"]?.stringValue ?? "",
                        severity: payload?["severity"]?.stringValue ?? "error",
                        alertKey: dedup,
                        created: now,
                        details: payload?["custom_details"] ?? [:]
                    )
                    let number = (world.incidents.map(\.number).max() ?? 100) + 1
                    let policy = world.policy(service.escalationPolicy)
                    let first = policy?.levels.first?.first
                    let assignee =
                        first.flatMap { world.schedule($0) }.flatMap {
                            world.shifts($0, since: now, until: now + 1).first?.user
                        }
                        ?? first
                    var incident = PagerDutyWorld.Incident(
                        id: world.newID("PINC"),
                        number: number,
                        title: alert.summary,
                        status: "triggered",
                        urgency: "high",
                        service: service.id,
                        escalationPolicy: service.escalationPolicy,
                        assignees: assignee.map { [$0] } ?? [],
                        created: now,
                        updated: now,
                        incidentKey: dedup
                    )
                    incident.alerts = [alert]
                    incident.log = [
                        .init(
                            id: world.newID("PLOG"),
                            type: "trigger_log_entry",
                            summary: "Triggered through the Events API.",
                            created: now,
                            agent: nil
                        )
                    ]
                    world.incidents.append(incident)
                }
            default:
                if let index = open {
                    world.incidents[index].status = action == "resolve" ? "resolved" : "acknowledged"
                    world.incidents[index].updated = now
                }
            }
            return .json(["status": "success", "message": "Event processed", "dedup_key": .string(dedup)], status: 202)
        }
    }
}
