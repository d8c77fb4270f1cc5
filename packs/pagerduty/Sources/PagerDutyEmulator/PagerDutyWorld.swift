public import Foundation
public import StructuredData

/// The emulated PagerDuty account: users, escalation policies, schedules (one daily rotation each), services with
/// their Events API v2 integration keys, incidents with alerts, log entries and notes, maintenance windows, and the
/// REST API keys that may call it. Plain values behind the emulator's lock; ``PagerDutyDemo`` seeds it. Times are
/// ISO 8601 in UTC; the account's clock (`now`) is fixed, so answers do not depend on when a test runs.
public struct PagerDutyWorld: Sendable {
    public struct User: Sendable {
        public var id: String
        public var name: String
        public var email: String
    }

    public struct EscalationPolicy: Sendable {
        public var id: String
        public var name: String
        /// Each level's targets: a schedule id or a user id.
        public var levels: [[String]]
    }

    public struct Schedule: Sendable {
        public var id: String
        public var name: String
        public var timeZone = "UTC"
        /// The users taking turns, a shift of `shiftHours` each, from `rotationStart`.
        public var users: [String]
        public var rotationStart: Date
        public var shiftHours = 24
    }

    public struct Service: Sendable {
        public var id: String
        public var name: String
        public var status = "active"
        public var escalationPolicy: String
        /// Events API v2 integration keys routed to this service.
        public var routingKeys: [String] = []
    }

    public struct Alert: Sendable {
        public var id: String
        public var summary: String
        public var severity: String
        public var status = "triggered"
        public var alertKey: String
        public var created: Date
        public var details: JSONValue = [:]
    }

    public struct LogEntry: Sendable {
        public var id: String
        public var type: String
        public var summary: String
        public var created: Date
        public var agent: String?
    }

    public struct Note: Sendable {
        public var id: String
        public var user: String
        public var content: String
        public var created: Date
    }

    public struct Incident: Sendable {
        public var id: String
        public var number: Int
        public var title: String
        public var status: String
        public var urgency: String
        public var service: String
        public var escalationPolicy: String
        public var assignees: [String]
        public var created: Date
        public var updated: Date
        public var incidentKey: String
        public var resolution: String?
        public var snoozedUntil: Date?
        public var alerts: [Alert] = []
        public var log: [LogEntry] = []
        public var notes: [Note] = []
    }

    public struct MaintenanceWindow: Sendable {
        public var id: String
        public var start: Date
        public var end: Date
        public var description: String
        public var services: [String]
        public var createdBy: String
    }

    public var users: [User] = []
    public var policies: [EscalationPolicy] = []
    public var schedules: [Schedule] = []
    public var services: [Service] = []
    public var incidents: [Incident] = []
    public var windows: [MaintenanceWindow] = []
    /// REST API keys (`Authorization: Token token=<key>`).
    public var apiKeys: Set<String> = []
    /// The account's clock.
    public var now = Date(timeIntervalSince1970: 1_796_644_800)  // 2026-12-07T12:00:00Z
    var nextID = 1000

    public init() {}

    /// A new PagerDuty-style id with `prefix` (`PNOT1001`).
    mutating func newID(_ prefix: String) -> String {
        nextID += 1
        return "\(prefix)\(nextID)"
    }

    /// The clock advanced by a minute.
    mutating func tick() -> Date {
        now += 60
        return now
    }

    func user(_ id: String) -> User? { users.first { $0.id == id } }
    func user(email: String) -> User? { users.first { $0.email.caseInsensitiveCompare(email) == .orderedSame } }
    func policy(_ id: String) -> EscalationPolicy? { policies.first { $0.id == id } }
    func schedule(_ id: String) -> Schedule? { schedules.first { $0.id == id } }
    func service(_ id: String) -> Service? { services.first { $0.id == id } }
    func incidentIndex(_ id: String) -> Int? { incidents.firstIndex { $0.id == id } }

    /// The shifts of `schedule` overlapping `since..<until`, cut to the window.
    func shifts(_ schedule: Schedule, since: Date, until: Date) -> [(start: Date, end: Date, user: String)] {
        guard !schedule.users.isEmpty, until > since else { return [] }
        let length = Double(schedule.shiftHours * 3600)
        var index = Int(((since.timeIntervalSince(schedule.rotationStart)) / length).rounded(.down))
        var shifts: [(start: Date, end: Date, user: String)] = []
        while true {
            let start = schedule.rotationStart + Double(index) * length
            if start >= until { break }
            let end = start + length
            let user = schedule.users[((index % schedule.users.count) + schedule.users.count) % schedule.users.count]
            if end > since { shifts.append((max(start, since), min(end, until), user)) }
            index += 1
        }
        return shifts
    }

    /// ISO 8601 in UTC, as PagerDuty writes times.
    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// A time a client sent: ISO 8601 with or without fractional seconds, with any offset.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
