import Foundation
import StructuredData

/// Sentry's answer shapes (the fields its OpenAPI description requires, in its types) for the emulator's world.
extension SentryWorld {
    func userJSON(_ member: Member) -> JSONValue {
        [
            "id": .string(member.id), "name": .string(member.name), "username": .string(member.username),
            "email": .string(member.email), "avatarUrl": .null, "isActive": true, "hasPasswordAuth": true,
            "isManaged": false, "dateJoined": "2025-01-01T00:00:00Z", "lastLogin": .null, "has2fa": true,
            "lastActive": .null, "isSuperuser": false, "isStaff": false, "experiments": [:],
            "emails": [["id": .string(member.id), "email": .string(member.email), "is_verified": true]],
            "avatar": ["avatarType": "letter_avatar", "avatarUuid": .null],
        ]
    }

    func assigneeJSON(_ assignee: Assignee?) -> JSONValue {
        switch assignee {
        case .user(let id):
            guard let member = member(id) else { return .null }
            return [
                "type": "user", "id": .string(member.id), "name": .string(member.name), "email": .string(member.email),
            ]
        case .team(let id):
            guard let team = team(id) else { return .null }
            return ["type": "team", "id": .string(team.id), "name": .string(team.slug)]
        case nil:
            return .null
        }
    }

    func releaseReference(_ version: String?) -> JSONValue {
        guard let version, let index = releaseIndex(version) else { return .null }
        let release = releases[index]
        return [
            "version": .string(release.version), "shortVersion": .string(Self.shortVersion(release.version)),
            "dateCreated": .string(release.dateCreated),
            "dateReleased": release.dateReleased.map { .string($0) } ?? .null,
            "ref": release.ref.map { .string($0) } ?? .null, "url": release.url.map { .string($0) } ?? .null,
        ]
    }

    static func shortVersion(_ version: String) -> String {
        guard let at = version.firstIndex(of: "@") else { return version }
        return String(version[version.index(after: at)...])
    }

    func permalink(_ issue: Issue, baseURL: String) -> String {
        "\(baseURL)/organizations/\(organization)/issues/\(issue.id)/"
    }

    /// An issue as the project issue list answers it.
    func issueSummaryJSON(_ issue: Issue, baseURL: String) -> JSONValue {
        let project = self.project(issue.project)
        return [
            "id": .string(issue.id), "shortId": .string(issue.shortID), "title": .string(issue.title),
            "culprit": .string(issue.culprit), "permalink": .string(permalink(issue, baseURL: baseURL)),
            "logger": .null, "level": .string(issue.level), "status": .string(issue.status),
            "statusDetails": .object(issue.statusDetails), "substatus": issue.substatus.map { .string($0) } ?? .null,
            "isPublic": .bool(issue.isPublic), "platform": project?.platform.map { .string($0) } ?? .null,
            "project": [
                "id": .string(project?.id ?? ""), "name": .string(project?.name ?? issue.project),
                "slug": .string(issue.project), "platform": project?.platform.map { .string($0) } ?? .null,
            ],
            "type": "error",
            "metadata": [
                "title": .string(issue.title),
                "type": .string(issue.title.components(separatedBy: ":").first ?? "Error"),
                "value": .string(issue.title),
            ],
            "numComments": .integer(issue.notes.count), "assignedTo": assigneeJSON(issue.assignee),
            "isBookmarked": .bool(issue.isBookmarked), "isSubscribed": .bool(issue.isSubscribed),
            "subscriptionDetails": .null, "hasSeen": .bool(issue.hasSeen), "annotations": [],
            "count": .string(String(issue.count)), "userCount": .integer(issue.userCount),
            "firstSeen": .string(issue.firstSeen), "lastSeen": .string(issue.lastSeen), "shareId": .null,
            "stats": ["24h": [[.integer(1_765_094_400), .integer(issue.count)]]],
        ]
    }

    /// An issue as the issue endpoint answers it (reads and updates).
    func issueJSON(_ issue: Issue, baseURL: String) -> JSONValue {
        guard case .object(var members) = issueSummaryJSON(issue, baseURL: baseURL) else { return .null }
        members["issueType"] = "error"
        members["issueCategory"] = "error"
        members["priority"] = issue.level == "error" ? "high" : "medium"
        members["priorityLockedAt"] = .null
        members["seerFixabilityScore"] = .null
        members["seerAutofixLastTriggered"] = .null
        members["seerExplorerAutofixLastTriggered"] = .null
        members["firstRelease"] = releaseReference(issue.firstRelease)
        members["lastRelease"] = releaseReference(issue.lastRelease)
        members["activity"] = .array(
            issue.notes.reversed().map(noteJSON) + [
                [
                    "id": "0", "type": "first_seen", "data": [:], "dateCreated": .string(issue.firstSeen),
                    "user": .null,
                ]
            ]
        )
        members["seenBy"] = []
        members["participants"] = []
        members["userReportCount"] = 0
        let keys = Set(events(of: issue.id).flatMap { $0.tags.map(\.key) }).sorted()
        members["tags"] = .array(
            keys.map { key in
                [
                    "key": .string(key), "name": .string(key.prefix(1).uppercased() + key.dropFirst()),
                    "totalValues": .integer(events(of: issue.id).filter { $0.tags.contains { $0.key == key } }.count),
                ]
            }
        )
        return .object(members)
    }

    func noteJSON(_ note: Note) -> JSONValue {
        [
            "id": .string(note.id), "type": "note", "data": ["text": .string(note.text)],
            "dateCreated": .string(note.dateCreated), "user": member(note.user).map(userJSON) ?? .null,
        ]
    }

    /// An event (project events, issue events).
    func eventJSON(_ event: Event) -> JSONValue {
        let siblings = events(of: event.issue)
        let index = siblings.firstIndex { $0.id == event.id }
        let previous = index.flatMap { $0 > 0 ? siblings[$0 - 1].id : nil }
        let next = index.flatMap { $0 + 1 < siblings.count ? siblings[$0 + 1].id : nil }
        let frames: [JSONValue] = event.frames.map { frame in
            [
                "function": .string(frame.function), "filename": .string(frame.file),
                "absPath": .string(frame.file), "lineNo": .integer(frame.line), "inApp": true, "context": [],
            ]
        }
        let exception: JSONValue = [
            "type": "exception",
            "data": [
                "values": [
                    [
                        "type": .string(event.title.components(separatedBy: ":").first ?? "Error"),
                        "value": .string(event.message), "stacktrace": ["frames": .array(frames)],
                        "mechanism": ["type": "generic", "handled": false],
                    ]
                ],
                "hasSystemFrames": false,
            ],
        ]
        return [
            "id": .string(event.id), "eventID": .string(event.id), "groupID": .string(event.issue),
            "projectID": .string(project(event.project)?.id ?? ""), "title": .string(event.title),
            "message": .string(event.message), "location": .string(event.frames.last?.file ?? ""),
            "culprit": .string(issues.first { $0.id == event.issue }?.culprit ?? ""),
            "platform": .string(event.platform), "type": "error", "dateCreated": .string(event.dateCreated),
            "dateReceived": .string(event.dateCreated), "dist": .null, "size": 4096,
            "tags": .array(event.tags.map { ["key": .string($0.key), "value": .string($0.value)] }),
            "entries": [exception], "errors": [], "metadata": ["title": .string(event.title)],
            "context": [:], "contexts": [:], "packages": [:], "sdk": ["name": "sentry.python", "version": "2.19.0"],
            "user": .null, "userReport": .null, "occurrence": .null, "resolvedWith": [], "sdkUpdates": [],
            "release": releaseReference(event.release), "_meta": [:],
            "previousEventID": previous.map { .string($0) } ?? .null, "nextEventID": next.map { .string($0) } ?? .null,
        ]
    }

    func projectJSON(_ project: Project) -> JSONValue {
        let team: JSONValue =
            team(project.team).map { ["id": .string($0.id), "name": .string($0.name), "slug": .string($0.slug)] }
            ?? .null
        var members: [String: JSONValue] = [
            "id": .string(project.id), "slug": .string(project.slug), "name": .string(project.name),
            "platform": project.platform.map { .string($0) } ?? .null,
            "platforms": .array(project.platform.map { [.string($0)] } ?? []),
            "dateCreated": "2025-03-01T12:00:00Z", "isBookmarked": false, "isMember": true, "hasAccess": true,
            "access": ["project:read", "project:releases", "event:read", "event:write"],
            "environments": ["production", "staging"],
            "features": ["releases"], "firstEvent": "2025-03-02T08:00:00Z", "firstTransactionEvent": false,
            "latestRelease": releases.last { $0.projects.contains(project.slug) }.map {
                ["version": .string($0.version)]
            } ?? .null,
            "team": team, "teams": team == .null ? [] : [team],
        ]
        for flag in [
            "hasFeedbacks", "hasFlags", "hasInsightsAgentMonitoring", "hasInsightsAppStart", "hasInsightsAssets",
            "hasInsightsCaches", "hasInsightsDb", "hasInsightsHttp", "hasInsightsMCP", "hasInsightsQueues",
            "hasInsightsScreenLoad", "hasInsightsVitals", "hasLogs", "hasMinifiedStackTrace", "hasMonitors",
            "hasNewFeedbacks", "hasProfiles", "hasReplays", "hasTraceMetrics", "hasUserReports",
        ] {
            members[flag] = false
        }
        members["hasSessions"] = true
        return .object(members)
    }

    func newGroups(_ release: Release, project: String? = nil) -> Int {
        issues.filter { $0.firstRelease == release.version && (project == nil || $0.project == project) }.count
    }

    func releaseJSON(_ release: Release, health: Bool = false) -> JSONValue {
        let version = Self.shortVersion(release.version)
        let parts = version.split(separator: ".").compactMap { Int($0) }
        let package = release.version.contains("@") ? String(release.version.split(separator: "@")[0]) : nil
        let projects: [JSONValue] = release.projects.compactMap { slug in
            guard let project = project(slug) else { return nil }
            var members: [String: JSONValue] = [
                "id": .integer(Int(project.id) ?? 0), "slug": .string(project.slug), "name": .string(project.name),
                "platform": project.platform.map { .string($0) } ?? .null,
                "platforms": .array(project.platform.map { [.string($0)] } ?? []),
                "newGroups": .integer(newGroups(release, project: slug)),
                "hasHealthData": .bool(release.health[slug]?.crashFreeSessions != nil),
            ]
            if health {
                let data = release.health[slug]
                members["healthData"] = [
                    "crashFreeSessions": data?.crashFreeSessions.map { .number($0) } ?? .null,
                    "crashFreeUsers": data?.crashFreeUsers.map { .number($0) } ?? .null,
                    "totalSessions24h": .integer(data?.totalSessions24h ?? 0),
                    "hasHealthData": .bool(data?.crashFreeSessions != nil),
                    "sessionsCrashed": .integer(crashed(data?.crashFreeSessions, of: data?.totalSessions24h ?? 0)),
                    "sessionsErrored": .integer(crashed(data?.crashFreeSessions, of: data?.totalSessions24h ?? 0) * 2),
                    "stats": [:],
                ]
            }
            return .object(members)
        }
        let lastDeploy = release.deploys.last.map(deployJSON) ?? .null
        return [
            "id": .integer(release.id), "version": .string(release.version), "shortVersion": .string(version),
            "status": "open", "ref": release.ref.map { .string($0) } ?? .null,
            "url": release.url.map { .string($0) } ?? .null, "dateCreated": .string(release.dateCreated),
            "dateReleased": release.dateReleased.map { .string($0) } ?? .null, "data": [:],
            "newGroups": .integer(newGroups(release)), "owner": .null, "commitCount": .integer(release.commitCount),
            "lastCommit": .null, "deployCount": .integer(release.deploys.count), "lastDeploy": lastDeploy,
            "authors": [], "projects": .array(projects), "firstEvent": .null, "lastEvent": .null,
            "currentProjectMeta": [:], "userAgent": .null,
            "versionInfo": [
                "package": package.map { .string($0) } ?? .null, "buildHash": .null, "description": .string(version),
                "version": [
                    "raw": .string(version), "major": .integer(parts.first ?? 0),
                    "minor": .integer(parts.count > 1 ? parts[1] : 0),
                    "patch": .integer(parts.count > 2 ? parts[2] : 0),
                    "pre": .null, "buildCode": .null, "components": .integer(parts.count),
                ],
            ],
        ]
    }

    /// The crashed sessions a crash-free rate (percent) leaves of `total`.
    func crashed(_ crashFree: Double?, of total: Int) -> Int {
        guard let crashFree else { return 0 }
        return Int((Double(total) * (100 - crashFree) / 100).rounded())
    }

    func deployJSON(_ deploy: Deploy) -> JSONValue {
        [
            "id": .string(deploy.id), "environment": .string(deploy.environment),
            "name": deploy.name.map { .string($0) } ?? .null, "url": deploy.url.map { .string($0) } ?? .null,
            "dateStarted": deploy.dateStarted.map { .string($0) } ?? .null,
            "dateFinished": .string(deploy.dateFinished),
        ]
    }
}
