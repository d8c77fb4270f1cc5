import EmulatorKit
import Foundation
import StructuredData

/// Sentry's error answer: `{"detail": "…"}`, or a field map for invalid bodies (`{"version": ["…"]}`).
struct SentryError: Error, EmulatorResponseError {
    var status: Int
    var body: JSONValue

    init(_ status: Int, _ detail: String) {
        self.status = status
        body = ["detail": .string(detail)]
    }

    init(_ status: Int, fields: [String: String]) {
        self.status = status
        body = .object(fields.mapValues { [.string($0)] })
    }

    var response: EmulatorResponse { .json(body, status: status) }

    static let notFound = SentryError(404, "The requested resource does not exist")
    static let forbidden = SentryError(403, "You do not have permission to perform this action.")
}

/// The web API endpoints the pack uses (`/api/0/…`), answered from ``SentryWorld`` with Sentry's shapes: bearer
/// tokens with scopes, `Link` paging with `results` and Sentry's `<value>:<offset>:<is_prev>` cursors.
struct SentryAPI {
    let state: SeededState<SentryWorld>
    static let authenticator = CallerAuthenticator(schemes: [.bearer]) { failure in
        SentryError(
            401,
            failure.reason == .missing ? "Authentication credentials were not provided." : "Invalid token"
        ).response
    }
    /// Sentry's cursors: `0:<offset>:0`.
    static let cursors = PageCursorCodec(
        encode: { "0:\($0):0" },
        decode: { text in
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, let offset = Int(parts[1]), offset >= 0 else { return nil }
            return offset
        }
    )

    var router: EmulatorRouter {
        var router = EmulatorRouter()
        let org = "/api/0/organizations/{org}"
        let project = "/api/0/projects/{org}/{project}"
        router.add("GET", "\(project)/issues/") { r, p in try self.issueList(r, p["org"], p["project"]) }
        router.add("PUT", "\(project)/issues/") { r, p in try self.bulkUpdate(r, p["org"], p["project"]) }
        router.add("GET", "\(project)/events/{event}/committers/") { r, p in
            try self.committers(r, p["org"], p["project"], p["event"])
        }
        router.add("GET", "\(project)/events/{event}/") { r, p in try self.event(r, p["org"], p["project"], p["event"])
        }
        router.add("GET", "\(org)/issues/{issue}/events/{event}/") { r, p in
            try self.issueEvent(r, p["org"], p["issue"], p["event"])
        }
        router.add("GET", "\(org)/issues/{issue}/hashes/") { r, p in try self.hashes(r, p["org"], p["issue"]) }
        router.add("GET", "\(org)/issues/{issue}/tags/{key}/") { r, p in try self.tag(r, p["org"], p["issue"], p["key"])
        }
        router.add("POST", "\(org)/issues/{issue}/notes/") { r, p in try self.note(r, p["org"], p["issue"]) }
        router.add("GET", "\(org)/issues/{issue}/") { r, p in try self.issue(r, p["org"], p["issue"]) }
        router.add("PUT", "\(org)/issues/{issue}/") { r, p in try self.update(r, p["org"], p["issue"]) }
        router.add("DELETE", "\(org)/issues/{issue}/") { r, p in try self.delete(r, p["org"], p["issue"]) }
        router.add("GET", "\(org)/projects/") { r, p in try self.projects(r, p["org"]) }
        router.add("GET", "\(org)/releases/{version}/deploys/") { r, p in try self.deploys(r, p["org"], p["version"]) }
        router.add("POST", "\(org)/releases/{version}/deploys/") { r, p in
            try self.createDeploy(r, p["org"], p["version"])
        }
        router.add("GET", "\(org)/releases/{version}/") { r, p in try self.release(r, p["org"], p["version"]) }
        router.add("GET", "\(org)/releases/") { r, p in try self.releases(r, p["org"]) }
        router.add("POST", "\(org)/releases/") { r, p in try self.createRelease(r, p["org"]) }
        router.add("GET", "\(org)/stats_v2/") { r, p in try self.stats(r, p["org"]) }
        return router
    }

    // MARK: callers and lookups

    /// The caller, which must hold `scope`, in the organization `org`.
    @discardableResult
    func caller(_ request: EmulatorRequest, _ org: String?, scope: String) throws -> AuthenticatedCaller {
        let (registry, organization) = state.withLock { ($0.credentials, $0.organization) }
        let caller = try Self.authenticator.authenticate(request, registry: registry, now: 0)
        guard org == organization else { throw SentryError.notFound }
        guard caller.has(scope: scope) else { throw SentryError.forbidden }
        return caller
    }

    func json(_ request: EmulatorRequest) throws -> [String: JSONValue] {
        guard let body = try? request.jsonBody(), let object = body.objectValue else {
            throw SentryError(400, "Malformed request: the body is not a JSON object.")
        }
        return object
    }

    func issueIndex(_ world: SentryWorld, _ id: String?) throws -> Int {
        guard let id, let index = world.issueIndex(id) else { throw SentryError.notFound }
        return index
    }

    /// A page of `items` with Sentry's `Link` header (`previous` and `next`, each with `results` and `cursor`).
    func page(_ items: [JSONValue], _ request: EmulatorRequest, limitParameter: String = "per_page") throws
        -> EmulatorResponse
    {
        let page: Pagination.CursorPage
        do {
            page = try Pagination.cursor(
                items,
                request: request,
                limitParameter: limitParameter,
                defaultLimit: 100,
                maxLimit: 100,
                codec: Self.cursors
            )
        } catch {
            throw SentryError(400, "Invalid cursor or \(limitParameter): \(error.description)")
        }
        var response = EmulatorResponse.json(.array(page.items))
        response.headers["link"] = page.linkHeaderWithResults(request: request)
        return response
    }

    // MARK: issues

    func issueList(_ request: EmulatorRequest, _ org: String?, _ slug: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "event:read")
        let (world, base) = (state.storage.snapshot, request.baseURL)
        guard let slug, world.project(slug) != nil else { throw SentryError.notFound }
        if let period = request.queryValue("statsPeriod"), !["", "24h", "14d"].contains(period) {
            throw SentryError(400, "Invalid stats_period. Valid choices are '', '24h', and '14d'")
        }
        let search = IssueSearch(request.queryValue("query") ?? "is:unresolved")
        var issues = world.issues.filter { $0.project == slug && search.matches($0, in: world) }
        switch request.queryValue("sort") ?? "date" {
        case "new": issues.sort { $0.firstSeen > $1.firstSeen }
        case "freq": issues.sort { $0.count > $1.count }
        case "user": issues.sort { $0.userCount > $1.userCount }
        default: issues.sort { $0.lastSeen > $1.lastSeen }
        }
        return try page(issues.map { world.issueSummaryJSON($0, baseURL: base) }, request, limitParameter: "limit")
    }

    func issue(_ request: EmulatorRequest, _ org: String?, _ id: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "event:read")
        let world = state.storage.snapshot
        return .json(world.issueJSON(world.issues[try issueIndex(world, id)], baseURL: request.baseURL))
    }

    func update(_ request: EmulatorRequest, _ org: String?, _ id: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "event:write")
        let body = try json(request)
        let base = request.baseURL
        return try state.withLock { world in
            let index = try issueIndex(world, id)
            var issue = world.issues[index]
            try IssueChange.apply(body, to: &issue, in: world)
            world.issues[index] = issue
            return .json(world.issueJSON(issue, baseURL: base))
        }
    }

    func bulkUpdate(_ request: EmulatorRequest, _ org: String?, _ slug: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "event:write")
        let body = try json(request)
        let ids = request.query.filter { $0.name == "id" }.map(\.value)
        let status = request.queryValue("status")
        guard !ids.isEmpty || status != nil else {
            throw SentryError(400, "You must specify a list of IDs or a status filter for this operation")
        }
        return try state.withLock { world in
            guard let slug, world.project(slug) != nil else { throw SentryError.notFound }
            let targets = world.issues.indices.filter { index in
                let issue = world.issues[index]
                return issue.project == slug && (ids.isEmpty ? issue.status == status : ids.contains(issue.id))
            }
            var last: SentryWorld.Issue?
            for index in targets {
                var issue = world.issues[index]
                try IssueChange.apply(body, to: &issue, in: world)
                world.issues[index] = issue
                last = issue
            }
            return .json([
                "status": .string(last?.status ?? (body["status"]?.stringValue ?? "unresolved")),
                "statusDetails": .object(last?.statusDetails ?? [:]), "isPublic": .bool(last?.isPublic ?? false),
            ])
        }
    }

    func delete(_ request: EmulatorRequest, _ org: String?, _ id: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "event:admin")
        try state.withLock { world in
            let index = try issueIndex(world, id)
            let removed = world.issues.remove(at: index)
            world.events.removeAll { $0.issue == removed.id }
        }
        return .empty(status: 202)
    }

    func note(_ request: EmulatorRequest, _ org: String?, _ id: String?) throws -> EmulatorResponse {
        let caller = try caller(request, org, scope: "event:write")
        let body = try json(request)
        guard let text = body["text"]?.stringValue, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { throw SentryError(400, fields: ["text": "This field is required."]) }
        return try state.withLock { world in
            let index = try issueIndex(world, id)
            let note = SentryWorld.Note(id: world.newID(), text: text, user: caller.subject, dateCreated: world.tick())
            world.issues[index].notes.append(note)
            return .json(world.noteJSON(note), status: 201)
        }
    }

    func issueEvent(_ request: EmulatorRequest, _ org: String?, _ id: String?, _ eventID: String?) throws
        -> EmulatorResponse
    {
        try caller(request, org, scope: "event:read")
        let world = state.storage.snapshot
        let issue = world.issues[try issueIndex(world, id)]
        let environments = request.query.filter { $0.name == "environment" }.map(\.value)
        let events = world.events(of: issue.id).filter { event in
            environments.isEmpty || event.tags.contains { $0.key == "environment" && environments.contains($0.value) }
        }
        let event: SentryWorld.Event?
        switch eventID {
        case "latest", "recommended": event = events.last
        case "oldest": event = events.first
        default: event = events.first { $0.id == eventID }
        }
        guard let event else { throw SentryError.notFound }
        return .json(world.eventJSON(event))
    }

    func hashes(_ request: EmulatorRequest, _ org: String?, _ id: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "event:read")
        let world = state.storage.snapshot
        let issue = world.issues[try issueIndex(world, id)]
        let latest = world.events(of: issue.id).last.map(world.eventJSON) ?? .null
        let items = issue.hashes.map { hash -> JSONValue in
            ["id": .string(hash), "latestEvent": latest, "mergedBySeer": false, "seerMatchDistance": .null]
        }
        return try page(items, request)
    }

    func tag(_ request: EmulatorRequest, _ org: String?, _ id: String?, _ key: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "event:read")
        let world = state.storage.snapshot
        let issue = world.issues[try issueIndex(world, id)]
        let events = world.events(of: issue.id)
        var counts: [String: (count: Int, first: String, last: String)] = [:]
        for event in events {
            for tag in event.tags where tag.key == key {
                let seen = counts[tag.value]
                counts[tag.value] = (
                    (seen?.count ?? 0) + 1, min(seen?.first ?? event.dateCreated, event.dateCreated),
                    max(seen?.last ?? event.dateCreated, event.dateCreated)
                )
            }
        }
        guard let key, !counts.isEmpty else { throw SentryError.notFound }
        let top = counts.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
        return .json([
            "key": .string(key), "name": .string(key.prefix(1).uppercased() + key.dropFirst()),
            "uniqueValues": .integer(counts.count), "totalValues": .integer(counts.values.reduce(0) { $0 + $1.count }),
            "topValues": .array(
                top.map { value, seen in
                    [
                        "key": .string(key), "name": .string(value), "value": .string(value),
                        "count": .integer(seen.count), "firstSeen": .string(seen.first), "lastSeen": .string(seen.last),
                    ]
                }
            ),
        ])
    }

    // MARK: events

    func event(_ request: EmulatorRequest, _ org: String?, _ slug: String?, _ id: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "event:read")
        let world = state.storage.snapshot
        guard let event = world.events.first(where: { $0.id == id && $0.project == slug }) else {
            throw SentryError.notFound
        }
        return .json(world.eventJSON(event))
    }

    func committers(_ request: EmulatorRequest, _ org: String?, _ slug: String?, _ id: String?) throws
        -> EmulatorResponse
    {
        try caller(request, org, scope: "event:read")
        let world = state.storage.snapshot
        guard let event = world.events.first(where: { $0.id == id && $0.project == slug }) else {
            throw SentryError.notFound
        }
        guard !event.suspects.isEmpty else { throw SentryError(404, "No committers found") }
        var byAuthor: [(email: String, commits: [SentryWorld.Commit])] = []
        for commit in event.suspects {
            if let index = byAuthor.firstIndex(where: { $0.email == commit.authorEmail }) {
                byAuthor[index].commits.append(commit)
            } else {
                byAuthor.append((commit.authorEmail, [commit]))
            }
        }
        let committers: [JSONValue] = byAuthor.map { author, commits in
            let member = world.members.first { $0.email == author }
            return [
                "author": member.map(world.userJSON)
                    ?? ["name": .string(commits[0].authorName), "email": .string(author)],
                "commits": .array(
                    commits.map { commit in
                        [
                            "id": .string(commit.id), "message": .string(commit.message),
                            "dateCreated": .string(commit.dateCreated),
                            "repository": [
                                "id": "1", "name": .string(commit.repository),
                                "provider": ["id": "integrations:github", "name": "GitHub"],
                            ],
                            "score": 12, "suspectCommitType": "via commit in release",
                        ]
                    }
                ),
            ]
        }
        return .json(["committers": .array(committers)])
    }

    // MARK: projects, releases, deploys, stats

    func projects(_ request: EmulatorRequest, _ org: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "org:read")
        let world = state.storage.snapshot
        let query = request.queryValue("query")?.lowercased() ?? ""
        let items = world.projects.filter {
            query.isEmpty || $0.slug.contains(query) || $0.name.lowercased().contains(query)
        }
        return try page(items.map(world.projectJSON), request)
    }

    func releases(_ request: EmulatorRequest, _ org: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "project:read")
        let world = state.storage.snapshot
        let projects = request.query.filter { $0.name == "project" }.map(\.value)
        let query = request.queryValue("query") ?? ""
        let items = world.releases.reversed().filter { release in
            (query.isEmpty || release.version.hasPrefix(query))
                && (projects.isEmpty
                    || release.projects.contains { slug in
                        projects.contains(slug) || projects.contains(world.project(slug)?.id ?? "")
                    })
        }
        return try page(items.map { world.releaseJSON($0) }, request)
    }

    func release(_ request: EmulatorRequest, _ org: String?, _ version: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "project:read")
        let world = state.storage.snapshot
        guard let version, let index = world.releaseIndex(version) else { throw SentryError.notFound }
        let health = ["1", "true"].contains(request.queryValue("health")?.lowercased() ?? "")
        return .json(world.releaseJSON(world.releases[index], health: health))
    }

    func createRelease(_ request: EmulatorRequest, _ org: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "project:releases")
        let body = try json(request)
        guard let version = body["version"]?.stringValue, !version.isEmpty else {
            throw SentryError(400, fields: ["version": "This field is required."])
        }
        guard let projects = body["projects"]?.arrayValue?.compactMap(\.stringValue), !projects.isEmpty else {
            throw SentryError(400, fields: ["projects": "This field is required."])
        }
        return try state.withLock { world in
            for slug in projects where world.project(slug) == nil {
                throw SentryError(400, fields: ["projects": "Invalid project ids or slugs"])
            }
            if let index = world.releaseIndex(version) {
                // Sentry answers 208 when the release exists with the same projects, else adds them.
                let missing = projects.filter { !world.releases[index].projects.contains($0) }
                world.releases[index].projects += missing
                return .json(world.releaseJSON(world.releases[index]), status: missing.isEmpty ? 208 : 201)
            }
            let release = SentryWorld.Release(
                id: 400 + world.releases.count,
                version: version,
                projects: projects,
                ref: body["ref"]?.stringValue,
                url: body["url"]?.stringValue,
                dateCreated: world.tick(),
                dateReleased: body["dateReleased"]?.stringValue,
                commitCount: body["commits"]?.arrayValue?.count ?? 0
            )
            world.releases.append(release)
            return .json(world.releaseJSON(release), status: 201)
        }
    }

    func deploys(_ request: EmulatorRequest, _ org: String?, _ version: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "project:read")
        let world = state.storage.snapshot
        guard let version, let index = world.releaseIndex(version) else { throw SentryError.notFound }
        return try page(world.releases[index].deploys.reversed().map(world.deployJSON), request)
    }

    func createDeploy(_ request: EmulatorRequest, _ org: String?, _ version: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "project:releases")
        let body = try json(request)
        guard let environment = body["environment"]?.stringValue, !environment.isEmpty else {
            throw SentryError(400, fields: ["environment": "This field is required."])
        }
        return try state.withLock { world in
            guard let version, let index = world.releaseIndex(version) else { throw SentryError.notFound }
            let now = world.tick()
            let deploy = SentryWorld.Deploy(
                id: world.newID(),
                environment: environment,
                name: body["name"]?.stringValue,
                url: body["url"]?.stringValue,
                dateStarted: body["dateStarted"]?.stringValue,
                dateFinished: body["dateFinished"]?.stringValue ?? now
            )
            world.releases[index].deploys.append(deploy)
            return .json(world.deployJSON(deploy), status: 201)
        }
    }

    func stats(_ request: EmulatorRequest, _ org: String?) throws -> EmulatorResponse {
        try caller(request, org, scope: "org:read")
        guard let field = request.queryValue("field"), ["sum(quantity)", "sum(times_seen)"].contains(field) else {
            throw SentryError(400, "At least one valid field is required: sum(quantity) or sum(times_seen)")
        }
        let groupBy = request.query.filter { $0.name == "groupBy" }.map(\.value)
        guard !groupBy.isEmpty else { throw SentryError(400, "At least one groupBy is required") }
        return .json(StatsAnswer(world: state.storage.snapshot, field: field, groupBy: groupBy, request: request).json)
    }
}
