import EmulatorKit
import Foundation
import StructuredData

/// The demo organization `packctl dev`, the conformance suite and the pack's tests run against: hosts web-1, web-2
/// and db-1; monitor 1001 "CPU high on web-1" alerting since 20 minutes ago (its CPU series climbs at that moment,
/// with OOM error logs and a deploy event around it); monitor 1002 (OK) and 1003 (a log monitor, Warn); the SLO
/// "Web availability"; one downtime on `env:staging`.
public enum DatadogDemo {
    /// The demo `DD-API-KEY`.
    public static let apiKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    /// The demo `DD-APPLICATION-KEY`.
    public static let applicationKey = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"
    /// The alerting monitor.
    public static let alertingMonitor = 1001
    /// The SLO.
    public static let sloID = "5a0c7b2f9d8e4e1fb3c6a9d2e7f10b4c"
    /// How long ago monitor 1001 started alerting (seconds).
    public static let alertAge = 1_200.0

    /// Fills `world` with the demo organization, relative to `now` (Unix seconds).
    public static func fill(_ world: inout DatadogWorld, now: Double) {
        world.credentials.register(
            .apiKeys(["dd-api-key": apiKey, "dd-application-key": applicationKey]),
            CallerGrant(subject: "ops@example.com", kind: "application_key")
        )
        // Posting events needs the API key alone, as at Datadog.
        world.credentials.register(
            .apiKeys(["dd-api-key": apiKey]),
            CallerGrant(subject: "ops@example.com", kind: "api_key")
        )
        world.budgets = [
            "query": RateLimitBudget(resource: "query", limit: 1600, windowSeconds: 3600),
            "logs_query": RateLimitBudget(resource: "logs_query", limit: 300, windowSeconds: 3600),
            "default": RateLimitBudget(resource: "default", limit: 1000, windowSeconds: 10),
        ]
        let alertStart = (now - alertAge).rounded(.down)
        world.series = [
            DatadogWorld.Series(metric: "system.cpu.user", tags: ["host:web-1", "env:prod", "service:web"]) { time in
                (time < alertStart ? 38 : 96) + 3 * sin(time / 300)
            },
            DatadogWorld.Series(metric: "system.cpu.user", tags: ["host:web-2", "env:prod", "service:web"]) { time in
                31 + 4 * sin(time / 420)
            },
            DatadogWorld.Series(metric: "system.cpu.user", tags: ["host:db-1", "env:prod", "service:db"]) { time in
                22 + 2 * cos(time / 600)
            },
            DatadogWorld.Series(metric: "trace.http.request.errors", tags: ["service:api", "env:prod"]) { time in
                max(0, 4 + 3 * sin(time / 900))
            },
        ]
        let creator: JSONValue = ["email": "ops@example.com", "handle": "ops@example.com", "name": "Ops", "id": 1]
        func monitor(
            _ id: Int,
            _ name: String,
            _ type: String,
            _ query: String,
            _ state: String,
            tags: [String],
            group: String,
            triggered: Double?
        ) -> JSONValue {
            var groupState: [String: JSONValue] = ["name": .string(group), "status": .string(state)]
            if let triggered {
                groupState["last_triggered_ts"] = .integer(Int(triggered))
                groupState["last_notified_ts"] = .integer(Int(triggered))
            }
            return [
                "id": .integer(id), "name": .string(name), "type": .string(type), "query": .string(query),
                "message": .string("\(name). @slack-ops"), "tags": .array(tags.map(JSONValue.string)),
                "options": ["notify_no_data": false, "thresholds": ["critical": 90], "silenced": [:]],
                "overall_state": .string(state), "priority": .null, "multi": true, "deleted": .null,
                "created": .string(iso(now - 30 * 86_400)), "modified": .string(iso(triggered ?? now - 86_400)),
                "creator": creator, "restricted_roles": .null,
                "state": ["groups": [group: .object(groupState)]],
            ]
        }
        world.monitors = [
            1001: monitor(
                1001,
                "CPU high on web-1",
                "metric alert",
                "avg(last_5m):avg:system.cpu.user{host:web-1} > 90",
                "Alert",
                tags: ["service:web", "env:prod", "team:sre"],
                group: "host:web-1",
                triggered: alertStart
            ),
            1002: monitor(
                1002,
                "API error rate",
                "query alert",
                "sum(last_10m):sum:trace.http.request.errors{service:api,env:prod}.as_count() > 50",
                "OK",
                tags: ["service:api", "env:prod", "team:api"],
                group: "service:api,env:prod",
                triggered: nil
            ),
            1003: monitor(
                1003,
                "Checkout errors in logs",
                "log alert",
                "logs(\"service:checkout status:error\").index(\"*\").rollup(\"count\").last(\"5m\") > 100",
                "Warn",
                tags: ["service:checkout", "env:prod"],
                group: "*",
                triggered: now - 3_600
            ),
        ]
        world.downtimes = [
            5001: [
                "id": 5001, "active": true, "canceled": .null, "creator_id": 1, "disabled": false,
                "downtime_type": 2, "start": .integer(Int(now - 7_200)), "end": .integer(Int(now + 86_400)),
                "message": "Staging rebuild", "monitor_id": .null, "monitor_tags": ["*"],
                "mute_first_recovery_notification": false, "parent_id": .null, "recurrence": .null,
                "scope": ["env:staging"], "timezone": "UTC", "updater_id": .null,
            ]
        ]
        world.logs = (0..<16).map { index in
            let time = alertStart - 300 + Double(index) * 60
            let error = index >= 5 && index % 2 == 1
            return [
                "id": .string("AQAAAY\(String(format: "%010d", index))demo"),
                "type": "log",
                "attributes": [
                    "timestamp": .string(iso(time)), "status": .string(error ? "error" : "info"),
                    "service": "web", "host": "web-1",
                    "message": .string(
                        error
                            ? "worker \(index) killed: out of memory (rss 3.9GiB)" : "GET /health 200 in \(index + 3)ms"
                    ),
                    "tags": ["host:web-1", "env:prod", "service:web"],
                    "attributes": ["http": ["status_code": .integer(error ? 500 : 200)]],
                ],
            ]
        }
        world.events = [
            event(
                7001,
                "Deployed web v2.14.0",
                "Rolled out by CI",
                now - alertAge - 300,
                "info",
                "deploy",
                ["service:web", "env:prod", "host:web-1"]
            ),
            event(
                7002,
                "[Triggered] CPU high on web-1",
                "avg:system.cpu.user{host:web-1} > 90",
                now - alertAge,
                "error",
                "monitor alert",
                ["service:web", "env:prod", "host:web-1", "monitor"]
            ),
            event(7003, "Scaled db-1", "Storage grown", now - 3 * 86_400, "info", "user", ["service:db", "env:prod"]),
        ]
        world.hosts = [
            host("web-1", 1, ["host:web-1", "env:prod", "service:web"], now),
            host("web-2", 2, ["host:web-2", "env:prod", "service:web"], now),
            host("db-1", 3, ["host:db-1", "env:prod", "service:db"], now),
        ]
        world.slos = [
            [
                "id": .string(sloID), "name": "Web availability", "type": "metric", "type_id": 1,
                "description": "Share of good web requests", "tags": ["service:web", "env:prod"],
                "thresholds": [["timeframe": "7d", "target": 99.9, "warning": 99.95]],
                "query": [
                    "numerator": "sum:web.requests.ok{env:prod}.as_count()",
                    "denominator": "sum:web.requests{env:prod}.as_count()",
                ],
                "created_at": .integer(Int(now - 90 * 86_400)), "modified_at": .integer(Int(now - 86_400)),
                "creator": creator, "monitor_ids": [],
            ]
        ]
    }

    static func event(
        _ id: Int,
        _ title: String,
        _ text: String,
        _ time: Double,
        _ type: String,
        _ source: String,
        _ tags: [String]
    ) -> JSONValue {
        [
            "id": .integer(id), "id_str": .string(String(id)), "title": .string(title), "text": .string(text),
            "date_happened": .integer(Int(time)), "alert_type": .string(type), "priority": "normal",
            "source_type_name": .string(source), "tags": .array(tags.map(JSONValue.string)),
            "url": .string("/event/event?id=\(id)"),
        ]
    }

    static func host(_ name: String, _ id: Int, _ tags: [String], _ now: Double) -> JSONValue {
        [
            "name": .string(name), "host_name": .string(name), "id": .integer(4_200 + id),
            "aliases": .array([.string(name)]), "apps": ["agent", "ntp"], "up": true, "is_muted": false,
            "last_reported_time": .integer(Int(now - 30)), "sources": ["agent"],
            "tags_by_source": ["Datadog": .array(tags.map(JSONValue.string))],
            "meta": ["platform": "linux", "agent_version": "7.60.0"],
        ]
    }

    /// Unix seconds as RFC 3339 with milliseconds, in UTC.
    static func iso(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
