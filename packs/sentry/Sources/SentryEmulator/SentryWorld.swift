public import EmulatorKit
import Foundation
public import StructuredData

/// The emulated Sentry organization: members and teams, projects, releases with their deploys and health, issues
/// with their events, hashes and notes, the suspect commits of events, and the tokens that may call it. Plain values
/// behind the emulator's lock; ``SentryDemo`` seeds it.
public struct SentryWorld: Sendable {
    public struct Member: Sendable {
        public var id: String
        public var name: String
        public var email: String
        public var username: String
    }

    public struct Team: Sendable {
        public var id: String
        public var slug: String
        public var name: String
    }

    public struct Project: Sendable {
        public var id: String
        public var slug: String
        public var name: String
        public var platform: String?
        public var team: String
    }

    public struct Deploy: Sendable {
        public var id: String
        public var environment: String
        public var name: String?
        public var url: String?
        public var dateStarted: String?
        public var dateFinished: String
    }

    /// A project's session health in a release.
    public struct Health: Sendable {
        public var crashFreeSessions: Double?
        public var crashFreeUsers: Double?
        public var totalSessions24h: Int
    }

    public struct Release: Sendable {
        public var id: Int
        public var version: String
        public var projects: [String]
        public var ref: String?
        public var url: String?
        public var dateCreated: String
        public var dateReleased: String?
        public var commitCount = 0
        public var deploys: [Deploy] = []
        public var health: [String: Health] = [:]
    }

    public struct Commit: Sendable {
        public var id: String
        public var message: String
        public var repository: String
        public var authorName: String
        public var authorEmail: String
        public var dateCreated: String
    }

    public struct Event: Sendable {
        /// 32 hex digits.
        public var id: String
        public var issue: String
        public var project: String
        public var title: String
        public var message: String
        public var platform: String
        public var dateCreated: String
        public var release: String?
        public var tags: [(key: String, value: String)]
        /// Stack frames, innermost last: function, file, line.
        public var frames: [(function: String, file: String, line: Int)]
        /// The suspect commits Sentry found for this event.
        public var suspects: [Commit] = []
    }

    public enum Assignee: Sendable, Equatable {
        case user(String)
        case team(String)
    }

    public struct Note: Sendable {
        public var id: String
        public var text: String
        public var user: String
        public var dateCreated: String
    }

    public struct Issue: Sendable {
        public var id: String
        public var shortID: String
        public var project: String
        public var title: String
        public var culprit: String
        public var level: String
        public var status = "unresolved"
        public var substatus: String? = "new"
        public var statusDetails: [String: JSONValue] = [:]
        public var assignee: Assignee?
        public var count: Int
        public var userCount: Int
        public var firstSeen: String
        public var lastSeen: String
        public var firstRelease: String?
        public var lastRelease: String?
        public var hashes: [String]
        public var notes: [Note] = []
        public var hasSeen = false
        public var isBookmarked = false
        public var isSubscribed = false
        public var isPublic = false
    }

    public var organization = "cordum-demo"
    public var organizationName = "Cordum Demo"
    public var members: [Member] = []
    public var teams: [Team] = []
    public var projects: [Project] = []
    public var releases: [Release] = []
    public var issues: [Issue] = []
    public var events: [Event] = []
    public var credentials = CredentialRegistry()
    /// The clock of changes (minutes after 2026-12-07T09:00Z), advanced by each one.
    public var minute = 0
    var nextID = 90_000

    public init() {}

    mutating func newID() -> String {
        nextID += 1
        return String(nextID)
    }

    /// The current time, advanced by a minute.
    mutating func tick() -> String {
        minute += 1
        let hour = 9 + minute / 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "2026-12-\(two(7 + hour / 24))T\(two(hour % 24)):\(two(minute % 60)):00Z"
    }

    func project(_ slug: String) -> Project? { projects.first { $0.slug == slug || $0.id == slug } }
    func issueIndex(_ id: String) -> Int? {
        issues.firstIndex { $0.id == id || $0.shortID.caseInsensitiveCompare(id) == .orderedSame }
    }
    func releaseIndex(_ version: String) -> Int? { releases.firstIndex { $0.version == version } }
    func member(_ id: String) -> Member? { members.first { $0.id == id } }
    func team(_ id: String) -> Team? { teams.first { $0.id == id } }
    func events(of issue: String) -> [Event] {
        events.filter { $0.issue == issue }.sorted { $0.dateCreated < $1.dateCreated }
    }
}
