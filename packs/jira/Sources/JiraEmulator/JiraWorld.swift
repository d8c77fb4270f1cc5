public import EmulatorKit
import Foundation
public import StructuredData

/// The emulated Jira Cloud site: users, projects with their issue types, the statuses of a simple workflow (every
/// status reachable from every other, as Jira's default "simplified" workflow), link types, issues with comments,
/// attachments and links, and the credentials that may call it. Plain values behind the emulator's lock;
/// ``JiraDemo`` seeds it.
public struct JiraWorld: Sendable {
    public struct User: Sendable {
        public var accountID: String
        public var displayName: String
        public var email: String
        public var active = true
    }

    public struct IssueType: Sendable {
        public var id: String
        public var name: String
        public var subtask = false
    }

    public struct Project: Sendable {
        public var id: String
        public var key: String
        public var name: String
        public var lead: String
        public var issueTypes: [IssueType]
    }

    public struct Status: Sendable {
        public var id: String
        public var name: String
        /// `new`, `indeterminate` or `done`.
        public var category: String
        /// The id of the transition leading here.
        public var transitionID: String
    }

    public struct LinkType: Sendable {
        public var id: String
        public var name: String
        public var inward: String
        public var outward: String
    }

    public struct Comment: Sendable {
        public var id: String
        public var author: String
        public var body: JSONValue
        public var created: String
    }

    public struct Attachment: Sendable {
        public var id: String
        public var filename: String
        public var mimeType: String
        public var size: Int
        public var author: String
        public var created: String
        public var content: [UInt8]
    }

    public struct Link: Sendable {
        public var id: String
        public var type: String
        /// The other issue's key.
        public var other: String
        /// Whether the other issue is the outward one (this issue is the inward side).
        public var otherIsOutward: Bool
    }

    public struct Issue: Sendable {
        public var id: String
        public var key: String
        public var project: String
        public var type: String
        public var summary: String
        public var description: JSONValue?
        public var status: String
        public var labels: [String] = []
        public var priority = "Medium"
        public var assignee: String?
        public var reporter: String
        public var parent: String?
        public var created: String
        public var updated: String
        public var comments: [Comment] = []
        public var attachments: [Attachment] = []
        public var links: [Link] = []
        /// Fields set that the emulator does not model (custom fields), answered as given.
        public var other: [String: JSONValue] = [:]
    }

    public var users: [User] = []
    public var projects: [Project] = []
    public var statuses: [Status] = []
    public var priorities = ["Highest", "High", "Medium", "Low", "Lowest"]
    public var linkTypes: [LinkType] = []
    public var issues: [Issue] = []
    public var credentials = CredentialRegistry()
    /// The clock of `created`/`updated` (minutes after 2026-12-01T09:00), advanced by each change.
    public var minute = 0
    var nextID = 10_100

    public init() {}

    /// A new id (issues, comments, attachments, links share one sequence, as ids in Jira are unique per kind).
    mutating func newID() -> String {
        nextID += 1
        return String(nextID)
    }

    /// The current time in Jira's format, advanced by a minute.
    mutating func tick() -> String {
        minute += 1
        return Self.timestamp(minute)
    }

    static func timestamp(_ minute: Int) -> String {
        let hour = 9 + minute / 60
        let day = 1 + hour / 24
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "2026-12-\(two(day))T\(two(hour % 24)):\(two(minute % 60)):00.000+0000"
    }

    func user(_ id: String?) -> User? { users.first { $0.accountID == id } }
    func project(_ key: String) -> Project? {
        projects.first { $0.key.caseInsensitiveCompare(key) == .orderedSame || $0.id == key }
    }
    func issueIndex(_ key: String) -> Int? {
        issues.firstIndex { $0.key.caseInsensitiveCompare(key) == .orderedSame || $0.id == key }
    }
    func status(_ name: String) -> Status? { statuses.first { $0.name == name } }
}
