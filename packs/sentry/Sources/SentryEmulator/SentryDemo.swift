import EmulatorKit

/// The standard demo data of the sentry emulator (`packctl dev`, the pack's tests and workflow examples): the
/// organization `cordum-demo` with projects `backend` (Python) and `web` (JavaScript); releases backend@2.3.0 and
/// backend@2.4.0 (deployed to production, 97.8 % crash-free sessions, two new issues) and web@1.8.0; issues
/// BACKEND-1…3 and WEB-1 with events, suspect commits and hashes; members alice and bob, team backend-team.
public enum SentryDemo {
    /// A user auth token with every scope the pack uses.
    public static let token = "sntryu_cordumdemo0000000000000000000000000000000000000000000000"
    /// A token with read scopes only (`org:read`, `project:read`, `event:read`): every write answers 403.
    public static let readOnlyToken = "sntryu_cordumdemoreadonly00000000000000000000000000000000000000"
    /// The organization slug.
    public static let organization = "cordum-demo"
    /// Every scope of ``token``.
    public static let scopes: Set<String> = [
        "org:read", "project:read", "project:releases", "event:read", "event:write", "event:admin",
    ]

    /// Fills `world` with the demo organization.
    public static func fill(_ world: inout SentryWorld) {
        world.members = [
            .init(id: "1", name: "Alice Example", email: "alice@example.com", username: "alice"),
            .init(id: "2", name: "Bob Example", email: "bob@example.com", username: "bob"),
        ]
        world.teams = [.init(id: "7", slug: "backend-team", name: "Backend Team")]
        world.projects = [
            .init(id: "11", slug: "backend", name: "Backend", platform: "python", team: "7"),
            .init(id: "12", slug: "web", name: "Web", platform: "javascript", team: "7"),
        ]
        world.releases = [
            .init(
                id: 301,
                version: "backend@2.3.0",
                projects: ["backend"],
                ref: "a1f0c3d",
                url: nil,
                dateCreated: "2026-11-30T10:00:00Z",
                dateReleased: "2026-11-30T10:20:00Z",
                commitCount: 14,
                deploys: [
                    .init(
                        id: "501",
                        environment: "production",
                        name: "backend 2.3.0",
                        url: nil,
                        dateStarted: "2026-11-30T10:05:00Z",
                        dateFinished: "2026-11-30T10:20:00Z"
                    )
                ],
                health: ["backend": .init(crashFreeSessions: 99.71, crashFreeUsers: 99.9, totalSessions24h: 48_210)]
            ),
            .init(
                id: 302,
                version: "backend@2.4.0",
                projects: ["backend"],
                ref: "9c2e7b1",
                url: "https://github.com/cordum-demo/backend/releases/tag/2.4.0",
                dateCreated: "2026-12-06T14:00:00Z",
                dateReleased: "2026-12-06T14:25:00Z",
                commitCount: 9,
                deploys: [
                    .init(
                        id: "502",
                        environment: "staging",
                        name: nil,
                        url: nil,
                        dateStarted: "2026-12-06T14:02:00Z",
                        dateFinished: "2026-12-06T14:08:00Z"
                    ),
                    .init(
                        id: "503",
                        environment: "production",
                        name: "backend 2.4.0",
                        url: nil,
                        dateStarted: "2026-12-06T14:10:00Z",
                        dateFinished: "2026-12-06T14:25:00Z"
                    ),
                ],
                health: ["backend": .init(crashFreeSessions: 97.8, crashFreeUsers: 98.6, totalSessions24h: 51_904)]
            ),
            .init(
                id: 303,
                version: "web@1.8.0",
                projects: ["web"],
                ref: nil,
                url: nil,
                dateCreated: "2026-12-05T09:00:00Z",
                dateReleased: nil,
                health: ["web": .init(crashFreeSessions: nil, crashFreeUsers: nil, totalSessions24h: 0)]
            ),
        ]
        let alice = SentryWorld.Commit(
            id: "e4c1d9a77b2f4c0b9a6d3e1f0a2b3c4d5e6f7a8b",
            message: "Cache user profiles in the session middleware",
            repository: "cordum-demo/backend",
            authorName: "Alice Example",
            authorEmail: "alice@example.com",
            dateCreated: "2026-12-05T16:40:00Z"
        )
        let bob = SentryWorld.Commit(
            id: "7f3a0e2d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49",
            message: "Lower the database pool timeout to 2 s",
            repository: "cordum-demo/backend",
            authorName: "Bob Example",
            authorEmail: "bob@example.com",
            dateCreated: "2026-12-06T11:05:00Z"
        )
        world.issues = [
            .init(
                id: "4702",
                shortID: "BACKEND-1",
                project: "backend",
                title: "KeyError: 'user_id'",
                culprit: "app.views.profile in get_profile",
                level: "error",
                substatus: "ongoing",
                count: 12,
                userCount: 4,
                firstSeen: "2026-11-30T11:00:00Z",
                lastSeen: "2026-12-06T18:00:00Z",
                firstRelease: "backend@2.3.0",
                lastRelease: "backend@2.4.0",
                hashes: ["4f0e6b8d2a1c9e7f5b3d1a0c8e6f4b2d"]
            ),
            .init(
                id: "4710",
                shortID: "BACKEND-2",
                project: "backend",
                title: "OperationalError: could not connect to server: Connection timed out",
                culprit: "app.db.pool in acquire",
                level: "error",
                count: 87,
                userCount: 31,
                firstSeen: "2026-12-06T14:31:00Z",
                lastSeen: "2026-12-07T08:50:00Z",
                firstRelease: "backend@2.4.0",
                lastRelease: "backend@2.4.0",
                hashes: ["a9d2c4e6f8b0a1c3e5f7d9b1c3e5a7f9"]
            ),
            .init(
                id: "4711",
                shortID: "BACKEND-3",
                project: "backend",
                title: "TypeError: 'NoneType' object is not subscriptable",
                culprit: "app.sessions.middleware in load_user",
                level: "error",
                count: 342,
                userCount: 118,
                firstSeen: "2026-12-06T14:40:00Z",
                lastSeen: "2026-12-07T08:55:00Z",
                firstRelease: "backend@2.4.0",
                lastRelease: "backend@2.4.0",
                hashes: ["c3b1a2f0e9d8c7b6a5f4e3d2c1b0a9f8", "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"]
            ),
            .init(
                id: "4801",
                shortID: "WEB-1",
                project: "web",
                title: "ChunkLoadError: Loading chunk 42 failed",
                culprit: "webpack/bootstrap in requireEnsure",
                level: "warning",
                count: 9,
                userCount: 9,
                firstSeen: "2026-12-05T09:30:00Z",
                lastSeen: "2026-12-07T07:10:00Z",
                firstRelease: "web@1.8.0",
                lastRelease: "web@1.8.0",
                hashes: ["5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b"]
            ),
        ]
        world.issues[0].status = "unresolved"
        world.issues[0].assignee = .user("2")
        world.events = [
            .init(
                id: "3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c",
                issue: "4702",
                project: "backend",
                title: "KeyError: 'user_id'",
                message: "KeyError: 'user_id'",
                platform: "python",
                dateCreated: "2026-12-06T18:00:00Z",
                release: "backend@2.4.0",
                tags: [("environment", "production"), ("release", "backend@2.4.0"), ("level", "error")],
                frames: [("get_profile", "app/views/profile.py", 41)]
            ),
            .init(
                id: "8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a",
                issue: "4710",
                project: "backend",
                title: "OperationalError: could not connect to server: Connection timed out",
                message: "could not connect to server: Connection timed out",
                platform: "python",
                dateCreated: "2026-12-07T08:50:00Z",
                release: "backend@2.4.0",
                tags: [("environment", "production"), ("release", "backend@2.4.0"), ("level", "error")],
                frames: [("acquire", "app/db/pool.py", 88)],
                suspects: [bob]
            ),
            .init(
                id: "1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f",
                issue: "4711",
                project: "backend",
                title: "TypeError: 'NoneType' object is not subscriptable",
                message: "'NoneType' object is not subscriptable",
                platform: "python",
                dateCreated: "2026-12-07T07:15:00Z",
                release: "backend@2.4.0",
                tags: [("environment", "staging"), ("release", "backend@2.4.0"), ("level", "error")],
                frames: [("load_user", "app/sessions/middleware.py", 57)],
                suspects: [alice]
            ),
            .init(
                id: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d",
                issue: "4711",
                project: "backend",
                title: "TypeError: 'NoneType' object is not subscriptable",
                message: "'NoneType' object is not subscriptable",
                platform: "python",
                dateCreated: "2026-12-07T08:55:00Z",
                release: "backend@2.4.0",
                tags: [("environment", "production"), ("release", "backend@2.4.0"), ("level", "error")],
                frames: [("load_user", "app/sessions/middleware.py", 57)],
                suspects: [alice]
            ),
            .init(
                id: "6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c",
                issue: "4801",
                project: "web",
                title: "ChunkLoadError: Loading chunk 42 failed",
                message: "Loading chunk 42 failed",
                platform: "javascript",
                dateCreated: "2026-12-07T07:10:00Z",
                release: "web@1.8.0",
                tags: [("environment", "production"), ("release", "web@1.8.0"), ("browser", "Firefox 133")],
                frames: [("requireEnsure", "webpack/bootstrap", 12)]
            ),
        ]
        var credentials = CredentialRegistry()
        credentials.register(.token(token), CallerGrant(subject: "1", kind: "user", scopes: scopes))
        credentials.register(
            .token(readOnlyToken),
            CallerGrant(subject: "2", kind: "user", scopes: ["org:read", "project:read", "event:read"])
        )
        world.credentials = credentials
    }
}
