import Foundation
import StructuredData

/// The demo account the emulator starts with and resets to (its clock reads 2026-12-07T12:00:00Z):
///
/// | object | what |
/// | --- | --- |
/// | PUSR0001 Alice Ops, PUSR0002 Bob Stone, PUSR0003 Carol Chen | users (`alice@cordum.example`, …) |
/// | PSCH0001 Primary on-call | a daily rotation, Bob then Alice, from 2026-12-01T09:00Z (Bob is on call now) |
/// | PESC0001 Checkout escalation | level 1 the schedule, level 2 Carol |
/// | PSVC0001 checkout-api, PSVC0002 payments-worker | services; checkout-api takes events with ``routingKey`` |
/// | PINC0001 #101 | triggered, high: checkout p99 latency, two alerts |
/// | PINC0002 #102 | acknowledged, high: payments queue depth, one alert, one note |
/// | PINC0003 #103 | resolved, low: disk on db-2 |
/// | PMWN0001 | a maintenance window on payments-worker |
public enum PagerDutyDemo {
    /// The REST API key of the demo account.
    public static let apiKey = "u+pd-demo-emulator-api-key-0000"
    /// The Events API v2 integration key of checkout-api.
    public static let routingKey = "R0a1b2c3d4e5f60718293a4b5c6d7e8f"
    /// The email the demo worker acts as (the From header).
    public static let email = "alice@cordum.example"

    static func at(_ text: String) -> Date { PagerDutyWorld.date(text) ?? Date(timeIntervalSince1970: 0) }

    /// Fills `world` with the demo account.
    public static func fill(_ world: inout PagerDutyWorld) {
        world.apiKeys = [apiKey]
        world.users = [
            .init(id: "PUSR0001", name: "Alice Ops", email: "alice@cordum.example"),
            .init(id: "PUSR0002", name: "Bob Stone", email: "bob@cordum.example"),
            .init(id: "PUSR0003", name: "Carol Chen", email: "carol@cordum.example"),
        ]
        world.schedules = [
            .init(
                id: "PSCH0001",
                name: "Primary on-call",
                users: ["PUSR0002", "PUSR0001"],
                rotationStart: at("2026-12-01T09:00:00Z")
            )
        ]
        world.policies = [.init(id: "PESC0001", name: "Checkout escalation", levels: [["PSCH0001"], ["PUSR0003"]])]
        world.services = [
            .init(id: "PSVC0001", name: "checkout-api", escalationPolicy: "PESC0001", routingKeys: [routingKey]),
            .init(id: "PSVC0002", name: "payments-worker", escalationPolicy: "PESC0001"),
        ]
        var latency = PagerDutyWorld.Incident(
            id: "PINC0001",
            number: 101,
            title: "Checkout p99 latency above 2s",
            status: "triggered",
            urgency: "high",
            service: "PSVC0001",
            escalationPolicy: "PESC0001",
            assignees: ["PUSR0002"],
            created: at("2026-12-07T08:12:00Z"),
            updated: at("2026-12-07T08:13:00Z"),
            incidentKey: "checkout-latency"
        )
        latency.alerts = [
            .init(
                id: "PALR0001",
                summary: "p99 latency 2.4s on checkout-api",
                severity: "critical",
                alertKey: "checkout-latency",
                created: at("2026-12-07T08:12:00Z"),
                details: ["p99_ms": 2400, "region": "eu-west-1"]
            ),
            .init(
                id: "PALR0002",
                summary: "error rate 3.1% on checkout-api",
                severity: "error",
                alertKey: "checkout-errors",
                created: at("2026-12-07T08:14:00Z")
            ),
        ]
        latency.log = [
            .init(
                id: "PLOG0001",
                type: "trigger_log_entry",
                summary: "Triggered through the API.",
                created: at("2026-12-07T08:12:00Z"),
                agent: nil
            ),
            .init(
                id: "PLOG0002",
                type: "notify_log_entry",
                summary: "Notified Bob Stone by push notification.",
                created: at("2026-12-07T08:13:00Z"),
                agent: nil
            ),
        ]
        var queue = PagerDutyWorld.Incident(
            id: "PINC0002",
            number: 102,
            title: "payments-worker queue depth above 10k",
            status: "acknowledged",
            urgency: "high",
            service: "PSVC0002",
            escalationPolicy: "PESC0001",
            assignees: ["PUSR0002"],
            created: at("2026-12-07T07:40:00Z"),
            updated: at("2026-12-07T07:45:00Z"),
            incidentKey: "payments-queue"
        )
        queue.alerts = [
            .init(
                id: "PALR0003",
                summary: "queue depth 12408 on payments",
                severity: "warning",
                alertKey: "payments-queue",
                created: at("2026-12-07T07:40:00Z")
            )
        ]
        queue.log = [
            .init(
                id: "PLOG0003",
                type: "trigger_log_entry",
                summary: "Triggered through the API.",
                created: at("2026-12-07T07:40:00Z"),
                agent: nil
            ),
            .init(
                id: "PLOG0004",
                type: "acknowledge_log_entry",
                summary: "Acknowledged by Bob Stone.",
                created: at("2026-12-07T07:45:00Z"),
                agent: "PUSR0002"
            ),
        ]
        queue.notes = [
            .init(
                id: "PNOT0001",
                user: "PUSR0002",
                content: "Consumer lag started after the 07:30 deploy.",
                created: at("2026-12-07T07:50:00Z")
            )
        ]
        var disk = PagerDutyWorld.Incident(
            id: "PINC0003",
            number: 103,
            title: "Disk 85% on db-2",
            status: "resolved",
            urgency: "low",
            service: "PSVC0001",
            escalationPolicy: "PESC0001",
            assignees: [],
            created: at("2026-12-06T22:05:00Z"),
            updated: at("2026-12-06T23:10:00Z"),
            incidentKey: "db2-disk"
        )
        disk.resolution = "Rotated WAL archives."
        disk.alerts = [
            .init(
                id: "PALR0004",
                summary: "disk 85% on db-2",
                severity: "warning",
                status: "resolved",
                alertKey: "db2-disk",
                created: at("2026-12-06T22:05:00Z")
            )
        ]
        world.incidents = [latency, queue, disk]
        world.windows = [
            .init(
                id: "PMWN0001",
                start: at("2026-12-08T01:00:00Z"),
                end: at("2026-12-08T03:00:00Z"),
                description: "payments database upgrade",
                services: ["PSVC0002"],
                createdBy: "PUSR0001"
            )
        ]
    }
}
