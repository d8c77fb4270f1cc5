import EmulatorKit
import Foundation
import StructuredData

/// Microsoft Graph v1.0 as the pack uses it (`/v1.0/teams…`, `/v1.0/chats/{id}/messages`, `/v1.0/users/{id}`),
/// Entra ID's client credentials token endpoint (`/{tenant}/oauth2/v2.0/token`), a Workflows webhook, and the Bot
/// Framework's OpenID configuration and keys (`/botframework/v1/.well-known/…`).
///
/// Lists page with `$top` (default 20, Graph's most 50) and an absolute `@odata.nextLink` carrying `$skiptoken`;
/// Graph calls need `Authorization: Bearer` with a token from the token endpoint (401
/// `InvalidAuthenticationToken` otherwise, expired tokens too).
struct MSTeamsGraph: Sendable {
    let state: SeededState<MSTeamsWorld>
    let now: @Sendable () -> Date
    let router: EmulatorRouter

    init(state: SeededState<MSTeamsWorld>, now: @escaping @Sendable () -> Date) {
        self.state = state
        self.now = now
        var router = EmulatorRouter()
        let graph = Handlers(state: state, now: now)
        router.add("POST", "/{tenant}/oauth2/v2.0/token") { request, _ in try await graph.token(request) }
        router.add("GET", "/botframework/v1/.well-known/openidconfiguration") { request, _ in
            .json(MSTeamsBotFramework.openIDConfiguration(baseURL: request.baseURL))
        }
        router.add("GET", "/botframework/v1/.well-known/keys") { _, _ in .json(MSTeamsBotFramework.jwks) }
        router.add("POST", MSTeamsDemo.webhookPath) { request, _ in try graph.webhook(request) }
        router.add("GET", "/v1.0/teams") { request, _ in
            try graph.authorize(request)
            return try graph.page(state.withLock { $0.teams }, request)
        }
        router.add("GET", "/v1.0/teams/{team}/channels") { request, parameters in
            try graph.authorize(request)
            let team = decoded(parameters["team"])
            guard let channels = state.withLock({ $0.channelList(team) }) else { throw MSTeamsError.notFound("Team") }
            return try graph.page(channels.map(\.json), request)
        }
        router.add("POST", "/v1.0/teams/{team}/channels") { request, parameters in
            try graph.authorize(request)
            return try graph.createChannel(decoded(parameters["team"]), request)
        }
        router.add("DELETE", "/v1.0/teams/{team}/channels/{channel}") { request, parameters in
            try graph.authorize(request)
            return try graph.deleteChannel(decoded(parameters["team"]), decoded(parameters["channel"]))
        }
        router.add("GET", "/v1.0/teams/{team}/channels/{channel}/messages") { request, parameters in
            try graph.authorize(request)
            let channel = try graph.channel(decoded(parameters["team"]), decoded(parameters["channel"]))
            return try graph.page(channel.messages.reversed().map(\.json), request)
        }
        router.add("POST", "/v1.0/teams/{team}/channels/{channel}/messages") { request, parameters in
            try graph.authorize(request)
            return try graph.post(request, team: decoded(parameters["team"]), channel: decoded(parameters["channel"]))
        }
        router.add("GET", "/v1.0/teams/{team}/channels/{channel}/messages/{message}/replies") { request, parameters in
            try graph.authorize(request)
            let channel = try graph.channel(decoded(parameters["team"]), decoded(parameters["channel"]))
            guard let message = channel.messages.first(where: { $0.id == parameters["message"] }) else {
                throw MSTeamsError.notFound("Message")
            }
            return try graph.page(message.replies.reversed(), request)
        }
        router.add("POST", "/v1.0/teams/{team}/channels/{channel}/messages/{message}/replies") { request, parameters in
            try graph.authorize(request)
            return try graph.post(
                request,
                team: decoded(parameters["team"]),
                channel: decoded(parameters["channel"]),
                replyTo: parameters["message"]
            )
        }
        router.add("POST", "/v1.0/chats/{chat}/messages") { request, parameters in
            try graph.authorize(request)
            return try graph.postChat(request, chat: decoded(parameters["chat"]))
        }
        router.add("GET", "/v1.0/users/{user}") { request, parameters in
            try graph.authorize(request)
            let key = decoded(parameters["user"]).lowercased()
            let user = state.withLock { world in
                world.users.first {
                    $0["id"]?.stringValue?.lowercased() == key
                        || $0["userPrincipalName"]?.stringValue?.lowercased() == key
                }
            }
            guard let user else {
                throw MSTeamsError(
                    status: 404,
                    code: "Request_ResourceNotFound",
                    message:
                        "Resource '\(key)' does not exist or one of its queried reference-property objects are not present."
                )
            }
            return .json(adding(user, "@odata.context", .string(request.baseURL + "/v1.0/$metadata#users/$entity")))
        }
        self.router = router
    }

    func respond(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        if let response = try await router.route(request) { return response }
        throw MSTeamsError(
            status: 400,
            code: "BadRequest",
            message: "Resource not found for the segment '\(request.pathSegments.last ?? "")'."
        )
    }
}

func decoded(_ segment: String) -> String { segment.removingPercentEncoding ?? segment }

/// `object` with one more member.
func adding(_ object: JSONValue, _ key: String, _ value: JSONValue) -> JSONValue {
    var members = object.objectValue ?? [:]
    members[key] = value
    return .object(members)
}

/// The handlers, over the world.
struct Handlers: Sendable {
    let state: SeededState<MSTeamsWorld>
    let now: @Sendable () -> Date

    /// Checks the bearer token.
    func authorize(_ request: EmulatorRequest) throws {
        let header = request.header("authorization") ?? ""
        guard header.lowercased().hasPrefix("bearer "), !header.dropFirst(7).isEmpty else {
            throw MSTeamsError(
                status: 401,
                code: "InvalidAuthenticationToken",
                message: "Access token is empty.",
                headers: ["www-authenticate": "Bearer"]
            )
        }
        let token = String(header.dropFirst(7))
        let expiry = state.withLock { $0.tokens[token] }
        guard let expiry, expiry > now().timeIntervalSince1970 else {
            throw MSTeamsError(
                status: 401,
                code: "InvalidAuthenticationToken",
                message: expiry == nil
                    ? "Access token validation failure." : "Lifetime validation failed, the token is expired.",
                headers: ["www-authenticate": "Bearer"]
            )
        }
    }

    /// `POST /{tenant}/oauth2/v2.0/token`: the client credentials grant, client secret in the form body (or Basic),
    /// or a client assertion signed with a registered certificate (``MSTeamsClientAssertion``).
    func token(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let form = Dictionary(QueryItem.parse(request.bodyText).map { ($0.name, $0.value) }) { first, _ in first }
        guard form["grant_type"] == "client_credentials" else {
            throw MSTeamsError(
                status: 400,
                code: "unsupported_grant_type",
                message: "AADSTS70003: The app requested an unsupported grant type.",
                oauth: true
            )
        }
        guard let scope = form["scope"], scope.hasSuffix("/.default") else {
            throw MSTeamsError(
                status: 400,
                code: "invalid_scope",
                message:
                    "AADSTS1002012: The provided value for scope is not valid; client credential flows must have a scope value with /.default suffixed to the resource identifier.",
                oauth: true
            )
        }
        if let assertion = form["client_assertion"] {
            let check = MSTeamsClientAssertion(state: state, now: now)
            try await check.verify(
                assertion,
                type: form["client_assertion_type"],
                clientID: form["client_id"],
                tokenURL: request.baseURL + request.path
            )
            return issue()
        }
        var id = form["client_id"]
        var secret = form["client_secret"]
        if let header = request.header("authorization"), header.hasPrefix("Basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6))), let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        {
            id = String(text[..<colon]).removingPercentEncoding
            secret = String(text[text.index(after: colon)...]).removingPercentEncoding
        }
        let known = state.withLock { world in id.flatMap { world.clients[$0] }.map { $0 == secret } ?? false }
        guard known else {
            throw MSTeamsError(
                status: 401,
                code: "invalid_client",
                message: "AADSTS7000215: Invalid client secret provided.",
                oauth: true
            )
        }
        return issue()
    }

    /// A new access token, valid for 3599 seconds.
    func issue() -> EmulatorResponse {
        let issued: String = state.withLock { world in
            world.tokensIssued += 1
            let token = "eyEmulatorGraphToken.\(world.tokensIssued).\(UUID().uuidString)"
            world.tokens[token] = now().timeIntervalSince1970 + 3599
            return token
        }
        // Issuing a token changes nothing in the tenant: marked read-only for the conformance suite's write count.
        return .json(
            ["token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": .string(issued)],
            headers: [RecordedRequest.readOnlyHeader: "true"]
        )
    }

    /// One page of `items`: `$top` (1–50, default 20) from `$skiptoken`, with `@odata.nextLink` while more remain.
    func page(_ items: [JSONValue], _ request: EmulatorRequest) throws -> EmulatorResponse {
        let top =
            try request.queryValue("$top").map { text throws -> Int in
                guard let value = Int(text), (1...50).contains(value) else {
                    throw MSTeamsError.badRequest(
                        "Invalid page size specified: '\(text)'. Must be between 1 and 50 inclusive."
                    )
                }
                return value
            } ?? 20
        let skip =
            try request.queryValue("$skiptoken").map { text throws -> Int in
                guard let value = Int(text), value >= 0, value <= items.count else {
                    throw MSTeamsError.badRequest("The skip token '\(text)' is not valid.")
                }
                return value
            } ?? 0
        let end = min(items.count, skip + top)
        var body: [String: JSONValue] = [
            "@odata.context": .string(request.baseURL + "/v1.0/$metadata"), "value": .array(Array(items[skip..<end])),
        ]
        if end < items.count {
            body["@odata.nextLink"] = .string("\(request.baseURL)\(request.path)?$top=\(top)&$skiptoken=\(end)")
        }
        return .json(.object(body))
    }

    func channel(_ team: String, _ channel: String) throws -> MSTeamsWorld.Channel {
        guard let channels = state.withLock({ $0.channelList(team) }) else { throw MSTeamsError.notFound("Team") }
        guard let found = channels.first(where: { $0.id == channel }) else { throw MSTeamsError.notFound("Channel") }
        return found
    }

    /// A chatMessage from a post body: `body.content` required; attachments kept; an HTML body must reference each
    /// attachment by id, and an Adaptive Card attachment's `content` must be the card's JSON text.
    func message(_ request: EmulatorRequest, replyTo: String?) throws -> JSONValue {
        guard let body = try? request.jsonBody(), case .object = body else {
            throw MSTeamsError.badRequest("Unable to read JSON request payload.")
        }
        guard let content = body["body"]?["content"]?.stringValue, !content.isEmpty else {
            throw MSTeamsError.badRequest("Missing body content")
        }
        let contentType = body["body"]?["contentType"]?.stringValue ?? "text"
        guard ["text", "html"].contains(contentType) else {
            throw MSTeamsError.badRequest("Invalid value '\(contentType)' for body.contentType.")
        }
        let attachments = body["attachments"]?.arrayValue ?? []
        for attachment in attachments {
            let id = attachment["id"]?.stringValue ?? ""
            guard contentType == "html", content.contains("<attachment id=\"\(id)\"></attachment>") else {
                throw MSTeamsError.badRequest("Attachment with id '\(id)' is not referenced in the message body.")
            }
            if attachment["contentType"]?.stringValue == "application/vnd.microsoft.card.adaptive" {
                guard let text = attachment["content"]?.stringValue, let card = try? JSONParser.parse(text),
                    card["type"]?.stringValue == "AdaptiveCard"
                else {
                    throw MSTeamsError.badRequest("The content of attachment '\(id)' is not an Adaptive Card.")
                }
            }
        }
        let id = state.withLock { world in
            world.nextMessageID += 1
            return String(world.nextMessageID)
        }
        return [
            "id": .string(id), "replyToId": replyTo.map { .string($0) } ?? .null, "messageType": "message",
            "createdDateTime": .string(ISO8601DateFormatter().string(from: now())),
            "subject": body["subject"] ?? .null,
            "body": ["contentType": .string(contentType), "content": .string(content)],
            "attachments": .array(attachments),
            "from": ["application": ["id": .string(MSTeamsDemo.clientID), "displayName": "Cordum"], "user": .null],
        ]
    }

    func post(_ request: EmulatorRequest, team: String, channel: String, replyTo: String? = nil) throws
        -> EmulatorResponse
    {
        _ = try self.channel(team, channel)
        let message = try message(request, replyTo: replyTo)
        let posted = adding(
            message,
            "webUrl",
            .string(
                "https://teams.microsoft.com/l/message/\(channel)/\(message["id"]?.stringValue ?? "")?groupId=\(team)"
            )
        )
        let stored: Bool = state.withLock { world in
            guard let index = world.channels[team]?.firstIndex(where: { $0.id == channel }) else { return false }
            if let replyTo {
                guard let parent = world.channels[team]?[index].messages.firstIndex(where: { $0.id == replyTo }) else {
                    return false
                }
                world.channels[team]?[index].messages[parent].replies.append(posted)
            } else {
                world.channels[team]?[index].messages.append(MSTeamsWorld.Message(json: posted))
            }
            return true
        }
        guard stored else { throw MSTeamsError.notFound("Message") }
        return .json(posted, status: 201)
    }

    func postChat(_ request: EmulatorRequest, chat: String) throws -> EmulatorResponse {
        guard state.withLock({ $0.chats[chat] != nil }) else { throw MSTeamsError.notFound("Chat") }
        let posted = try message(request, replyTo: nil)
        state.withLock { $0.chats[chat, default: []].append(posted) }
        return .json(posted, status: 201)
    }

    func createChannel(_ team: String, _ request: EmulatorRequest) throws -> EmulatorResponse {
        guard state.withLock({ $0.channelList(team) }) != nil else { throw MSTeamsError.notFound("Team") }
        guard let body = try? request.jsonBody(), let name = body["displayName"]?.stringValue, !name.isEmpty else {
            throw MSTeamsError.badRequest("displayName is required.")
        }
        let membership = body["membershipType"]?.stringValue ?? "standard"
        guard ["standard", "private", "shared"].contains(membership) else {
            throw MSTeamsError.badRequest("Invalid membershipType '\(membership)'.")
        }
        let created: JSONValue? = state.withLock { world in
            let channels = world.channels[team] ?? []
            if channels.contains(where: { $0.json["displayName"]?.stringValue?.lowercased() == name.lowercased() }) {
                return nil
            }
            let id = "19:\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))@thread.tacv2"
            let json: JSONValue = [
                "id": .string(id), "displayName": .string(name), "description": body["description"] ?? .null,
                "membershipType": .string(membership),
                "createdDateTime": .string(ISO8601DateFormatter().string(from: now())),
                "webUrl": .string("https://teams.microsoft.com/l/channel/\(id)/\(name)?groupId=\(team)"),
            ]
            world.channels[team, default: []].append(MSTeamsWorld.Channel(json: json))
            return json
        }
        guard let created else {
            throw MSTeamsError(
                status: 400,
                code: "NameAlreadyExists",
                message: "Channel name already existed, please use other name."
            )
        }
        return .json(created, status: 201)
    }

    func deleteChannel(_ team: String, _ channel: String) throws -> EmulatorResponse {
        _ = try self.channel(team, channel)
        state.withLock { world in world.channels[team]?.removeAll { $0.id == channel } }
        return .empty(status: 204)
    }

    /// The Workflows webhook: the `sig` parameter must match; the payload must be a message with at least one
    /// Adaptive Card attachment; answers `202 Accepted` with no body.
    func webhook(_ request: EmulatorRequest) throws -> EmulatorResponse {
        guard request.queryValue("sig") == MSTeamsDemo.webhookSignature else {
            throw MSTeamsError(
                status: 401,
                code: "DirectApiAuthorizationRequired",
                message: "The request must be authenticated."
            )
        }
        guard let body = try? request.jsonBody(), body["type"]?.stringValue == "message",
            let attachments = body["attachments"]?.arrayValue, !attachments.isEmpty,
            attachments.allSatisfy({ $0["contentType"]?.stringValue == "application/vnd.microsoft.card.adaptive" })
        else {
            throw MSTeamsError.badRequest("The payload must be a message with Adaptive Card attachments.")
        }
        state.withLock { $0.webhookPosts.append(body) }
        return .empty(status: 202)
    }
}
