import EmulatorKit
import Foundation
import StructuredData

/// Slack's `{"ok": false, "error": code}` answer (HTTP 200, as Slack sends it), or a webhook's plain-text refusal.
struct SlackError: Error, EmulatorResponseError {
    var code: String
    var status = 200
    var plainText = false

    var response: EmulatorResponse {
        plainText ? .text(code, status: status) : .json(["ok": false, "error": .string(code)], status: status)
    }
}

/// The Web API methods the pack uses, answered from ``SlackWorld`` with Slack's shapes: arguments from the query,
/// a form body or a JSON body (as Slack accepts them), the bot token from `Authorization: Bearer` or a `token`
/// argument, scopes checked per method, cursor paging with `response_metadata.next_cursor`.
struct SlackAPI {
    let state: SeededState<SlackWorld>

    /// The scope each method needs (any one of the list).
    static let scopes: [String: [String]] = [
        "auth.test": [],
        "conversations.list": ["channels:read", "groups:read"],
        "conversations.info": ["channels:read", "groups:read"],
        "conversations.history": ["channels:history", "groups:history"],
        "conversations.replies": ["channels:history", "groups:history"],
        "users.info": ["users:read"],
        "users.lookupByEmail": ["users:read.email"],
        "chat.postMessage": ["chat:write"],
        "chat.update": ["chat:write"],
        "chat.postEphemeral": ["chat:write"],
        "chat.delete": ["chat:write"],
        "reactions.add": ["reactions:write"],
        "conversations.create": ["channels:manage", "groups:write"],
        "conversations.invite": ["channels:manage", "groups:write"],
        "conversations.setTopic": ["channels:manage", "groups:write"],
        "conversations.archive": ["channels:manage", "groups:write"],
    ]

    func respond(_ request: EmulatorRequest) throws -> EmulatorResponse {
        if request.path.hasPrefix("/services/") { return try webhook(request) }
        guard request.path.hasPrefix("/api/") else { return .text("Not Found", status: 404) }
        let method = String(request.path.dropFirst("/api/".count))
        guard let needed = Self.scopes[method] else { throw SlackError(code: "unknown_method") }
        guard request.method == "GET" || request.method == "POST" else { throw SlackError(code: "invalid_post_type") }
        let args = try Arguments(request)
        guard let token = bearer(request) ?? args.string("token") else { throw SlackError(code: "not_authed") }
        guard let granted = state.withLock({ $0.tokens[token] }) else { throw SlackError(code: "invalid_auth") }
        if !needed.isEmpty, granted.isDisjoint(with: needed) { throw SlackError(code: "missing_scope") }
        return .json(try answer(method, args))
    }

    func bearer(_ request: EmulatorRequest) -> String? {
        guard let value = request.header("authorization") else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }

    func answer(_ method: String, _ args: Arguments) throws -> JSONValue {
        switch method {
        case "auth.test": return authTest()
        case "conversations.list": return try conversationsList(args)
        case "conversations.info": return try conversationsInfo(args)
        case "conversations.history": return try history(args)
        case "conversations.replies": return try replies(args)
        case "users.info": return try usersInfo(args)
        case "users.lookupByEmail": return try lookupByEmail(args)
        case "chat.postMessage": return try postMessage(args)
        case "chat.update": return try update(args)
        case "chat.postEphemeral": return try postEphemeral(args)
        case "chat.delete": return try delete(args)
        case "reactions.add": return try addReaction(args)
        case "conversations.create": return try create(args)
        case "conversations.invite": return try invite(args)
        case "conversations.setTopic": return try setTopic(args)
        default: return try archive(args)
        }
    }

    // MARK: reads

    func authTest() -> JSONValue {
        state.withLock { world in
            [
                "ok": true, "url": "https://cordum-demo.slack.com/", "team": .string(world.teamName),
                "user": "cordum", "team_id": .string(world.teamID), "user_id": .string(world.botUserID),
                "bot_id": .string(world.botID), "is_enterprise_install": false,
            ]
        }
    }

    func conversationsList(_ args: Arguments) throws -> JSONValue {
        let types = Set((args.string("types") ?? "public_channel").split(separator: ",").map(String.init))
        let excludeArchived = args.bool("exclude_archived") ?? false
        let channels = state.withLock { world in
            world.channels.filter { channel in
                (channel.isPrivate ? types.contains("private_channel") : types.contains("public_channel"))
                    && !(excludeArchived && channel.isArchived)
            }
            .map { Self.json($0, bot: world.botUserID) }
        }
        let page = try Self.page(channels, args)
        return ["ok": true, "channels": .array(page.items), "response_metadata": ["next_cursor": .string(page.next)]]
    }

    func conversationsInfo(_ args: Arguments) throws -> JSONValue {
        let id = try args.required("channel")
        return try state.withLock { world throws(SlackError) -> JSONValue in
            guard let index = world.channelIndex(id) else { throw SlackError(code: "channel_not_found") }
            return ["ok": true, "channel": Self.json(world.channels[index], bot: world.botUserID)]
        }
    }

    func history(_ args: Arguments) throws -> JSONValue {
        let id = try args.required("channel")
        let oldest = args.string("oldest").flatMap(Double.init) ?? 0
        let latest = args.string("latest").flatMap(Double.init) ?? .infinity
        let messages = try state.withLock { world throws(SlackError) -> [JSONValue] in
            guard let index = world.channelIndex(id) else { throw SlackError(code: "channel_not_found") }
            let channel = world.channels[index]
            return channel.messages.reversed()
                .filter { message in
                    let ts = Double(message.ts) ?? 0
                    return message.ephemeralFor == nil && (message.threadTS == nil || message.threadTS == message.ts)
                        && ts > oldest && ts < latest
                }
                .map { Self.json($0, in: channel) }
        }
        let page = try Self.page(messages, args)
        var answer: [String: JSONValue] = [
            "ok": true, "messages": .array(page.items), "has_more": .bool(!page.next.isEmpty), "pin_count": 0,
            "channel_actions_ts": .null, "channel_actions_count": 0,
        ]
        if !page.next.isEmpty { answer["response_metadata"] = ["next_cursor": .string(page.next)] }
        return .object(answer)
    }

    func replies(_ args: Arguments) throws -> JSONValue {
        let id = try args.required("channel")
        let ts = try args.required("ts")
        let messages = try state.withLock { world throws(SlackError) -> [JSONValue] in
            guard let index = world.channelIndex(id) else { throw SlackError(code: "channel_not_found") }
            let channel = world.channels[index]
            guard let parent = channel.messages.first(where: { $0.ts == ts && $0.ephemeralFor == nil }) else {
                throw SlackError(code: "thread_not_found")
            }
            guard parent.threadTS != nil else { return [Self.json(parent, in: channel)] }
            let thread = channel.messages.filter { $0.threadTS == ts && $0.ts != ts && $0.ephemeralFor == nil }
            return [Self.json(parent, in: channel, asParent: true)]
                + thread.map { Self.reply($0, parent: parent) }
        }
        let page = try Self.page(messages, args)
        var answer: [String: JSONValue] = [
            "ok": true, "messages": .array(page.items), "has_more": .bool(!page.next.isEmpty),
        ]
        if !page.next.isEmpty { answer["response_metadata"] = ["next_cursor": .string(page.next)] }
        return .object(answer)
    }

    func usersInfo(_ args: Arguments) throws -> JSONValue {
        let id = try args.required("user")
        guard let user = state.withLock({ $0.user(id) }) else { throw SlackError(code: "user_not_found") }
        return ["ok": true, "user": state.withLock { Self.json(user, team: $0.teamID) }]
    }

    func lookupByEmail(_ args: Arguments) throws -> JSONValue {
        let email = try args.required("email").lowercased()
        guard let user = state.withLock({ $0.users.first { $0.email == email } }) else {
            throw SlackError(code: "users_not_found")
        }
        return ["ok": true, "user": state.withLock { Self.json(user, team: $0.teamID) }]
    }

    // MARK: writes

    /// The text or blocks of a message: `no_text` without either.
    func content(_ args: Arguments) throws -> (text: String, blocks: JSONValue?) {
        let blocks = try args.json("blocks")
        if let blocks {
            guard case .array(let items) = blocks, !items.isEmpty,
                items.allSatisfy({ $0["type"]?.stringValue != nil })
            else { throw SlackError(code: "invalid_blocks") }
        }
        let text = args.string("text") ?? ""
        if text.isEmpty, blocks == nil { throw SlackError(code: "no_text") }
        if text.count > 40_000 { throw SlackError(code: "msg_too_long") }
        return (text, blocks)
    }

    /// The channel a bot may write to: it exists, is not archived, and the bot is a member.
    func writable(_ world: SlackWorld, _ id: String) throws(SlackError) -> Int {
        guard let index = world.channelIndex(id) else { throw SlackError(code: "channel_not_found") }
        if world.channels[index].isArchived { throw SlackError(code: "is_archived") }
        if !world.channels[index].members.contains(world.botUserID) { throw SlackError(code: "not_in_channel") }
        return index
    }

    func postMessage(_ args: Arguments) throws -> JSONValue {
        let named = try args.required("channel")
        let (text, blocks) = try content(args)
        let threadTS = args.string("thread_ts")
        return try state.withLock { world throws(SlackError) -> JSONValue in
            // chat.postMessage also takes a channel name (`#name`); the answer names the id.
            let id =
                named.hasPrefix("#")
                ? world.channels.first { "#\($0.name)" == named }?.id ?? named : named
            let index = try writable(world, id)
            if let threadTS {
                guard let parent = world.channels[index].messages.firstIndex(where: { $0.ts == threadTS }) else {
                    throw SlackError(code: "thread_not_found")
                }
                world.channels[index].messages[parent].threadTS = threadTS
            }
            let message = SlackWorld.Message(
                ts: world.nextTS(),
                user: world.botUserID,
                botID: world.botID,
                text: text,
                blocks: blocks,
                threadTS: threadTS
            )
            world.channels[index].messages.append(message)
            return [
                "ok": true, "channel": .string(id), "ts": .string(message.ts),
                "message": Self.json(message, in: world.channels[index]),
            ]
        }
    }

    func update(_ args: Arguments) throws -> JSONValue {
        let id = try args.required("channel")
        let ts = try args.required("ts")
        let (text, blocks) = try content(args)
        return try state.withLock { world throws(SlackError) -> JSONValue in
            let index = try writable(world, id)
            guard let position = world.channels[index].messages.firstIndex(where: { $0.ts == ts }) else {
                throw SlackError(code: "message_not_found")
            }
            world.channels[index].messages[position].text = text
            if let blocks { world.channels[index].messages[position].blocks = blocks }
            let message = world.channels[index].messages[position]
            var shown: [String: JSONValue] = ["text": .string(text)]
            if let blocks = message.blocks { shown["blocks"] = blocks }
            return [
                "ok": true, "channel": .string(id), "ts": .string(ts), "text": .string(text), "message": .object(shown),
            ]
        }
    }

    func postEphemeral(_ args: Arguments) throws -> JSONValue {
        let id = try args.required("channel")
        let user = try args.required("user")
        let (text, blocks) = try content(args)
        return try state.withLock { world throws(SlackError) -> JSONValue in
            let index = try writable(world, id)
            guard world.user(user) != nil else { throw SlackError(code: "user_not_found") }
            guard world.channels[index].members.contains(user) else { throw SlackError(code: "user_not_in_channel") }
            var message = SlackWorld.Message(
                ts: world.nextTS(),
                user: world.botUserID,
                botID: world.botID,
                text: text,
                blocks: blocks
            )
            message.ephemeralFor = user
            world.channels[index].messages.append(message)
            return ["ok": true, "message_ts": .string(message.ts)]
        }
    }

    func delete(_ args: Arguments) throws -> JSONValue {
        let id = try args.required("channel")
        let ts = try args.required("ts")
        return try state.withLock { world throws(SlackError) -> JSONValue in
            guard let index = world.channelIndex(id) else { throw SlackError(code: "channel_not_found") }
            guard let position = world.channels[index].messages.firstIndex(where: { $0.ts == ts }) else {
                throw SlackError(code: "message_not_found")
            }
            world.channels[index].messages.remove(at: position)
            return ["ok": true, "channel": .string(id), "ts": .string(ts)]
        }
    }

    func addReaction(_ args: Arguments) throws -> JSONValue {
        let id = try args.required("channel")
        let ts = try args.required("timestamp")
        let name = try args.required("name")
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || "_+-'".contains($0) }) else {
            throw SlackError(code: "invalid_name")
        }
        return try state.withLock { world throws(SlackError) -> JSONValue in
            guard let index = world.channelIndex(id) else { throw SlackError(code: "channel_not_found") }
            guard let position = world.channels[index].messages.firstIndex(where: { $0.ts == ts }) else {
                throw SlackError(code: "message_not_found")
            }
            let bot = world.botUserID
            if world.channels[index].messages[position].reactions[name, default: []].contains(bot) {
                throw SlackError(code: "already_reacted")
            }
            world.channels[index].messages[position].reactions[name, default: []].append(bot)
            return ["ok": true]
        }
    }

    func create(_ args: Arguments) throws -> JSONValue {
        let name = try args.required("name")
        guard name.count <= 80 else { throw SlackError(code: "invalid_name_maxlength") }
        guard name.allSatisfy({ ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") && $0.isASCII }) else {
            throw SlackError(code: "invalid_name_specials")
        }
        let isPrivate = args.bool("is_private") ?? false
        return try state.withLock { world throws(SlackError) -> JSONValue in
            if world.channels.contains(where: { $0.name == name }) { throw SlackError(code: "name_taken") }
            let channel = SlackWorld.Channel(
                id: world.nextChannelID(),
                name: name,
                isPrivate: isPrivate,
                created: world.now,
                creator: world.botUserID,
                members: [world.botUserID]
            )
            world.channels.append(channel)
            return ["ok": true, "channel": Self.json(channel, bot: world.botUserID)]
        }
    }

    func invite(_ args: Arguments) throws -> JSONValue {
        let id = try args.required("channel")
        let users = try args.required("users").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard users.count <= 1000 else { throw SlackError(code: "too_many_users") }
        return try state.withLock { world throws(SlackError) -> JSONValue in
            let index = try writable(world, id)
            for user in users {
                guard world.user(user) != nil else { throw SlackError(code: "user_not_found") }
                if user == world.botUserID { throw SlackError(code: "cant_invite_self") }
                if world.channels[index].members.contains(user) { throw SlackError(code: "already_in_channel") }
            }
            world.channels[index].members += users
            return ["ok": true, "channel": Self.json(world.channels[index], bot: world.botUserID)]
        }
    }

    func setTopic(_ args: Arguments) throws -> JSONValue {
        let id = try args.required("channel")
        let topic = args.string("topic") ?? ""
        guard topic.count <= 250 else { throw SlackError(code: "too_long") }
        return try state.withLock { world throws(SlackError) -> JSONValue in
            let index = try writable(world, id)
            world.channels[index].topic = topic
            return ["ok": true, "channel": Self.json(world.channels[index], bot: world.botUserID)]
        }
    }

    func archive(_ args: Arguments) throws -> JSONValue {
        let id = try args.required("channel")
        return try state.withLock { world throws(SlackError) -> JSONValue in
            guard let index = world.channelIndex(id) else { throw SlackError(code: "channel_not_found") }
            if world.channels[index].isArchived { throw SlackError(code: "already_archived") }
            if world.channels[index].isGeneral { throw SlackError(code: "cant_archive_general") }
            world.channels[index].isArchived = true
            return ["ok": true]
        }
    }

    // MARK: incoming webhooks

    /// `POST /services/T…/B…/<secret>` with a JSON `{"text", "blocks"}`: `200 ok` as text; `404 no_service` for an
    /// unknown webhook, `400 invalid_payload`/`no_text`, `410 channel_is_archived`, as Slack answers.
    func webhook(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let path = String(request.path.dropFirst("/services/".count))
        guard request.method == "POST" else {
            throw SlackError(code: "invalid_post_type", status: 405, plainText: true)
        }
        let body: RequestBody<SlackError>
        do {
            body = try RequestBody(request, format: .json) { _ in
                SlackError(code: "invalid_payload", status: 400, plainText: true)
            }
        }
        let text = try body.string("text") ?? ""
        let blocks = body.fields["blocks"]
        if text.isEmpty, blocks == nil { throw SlackError(code: "no_text", status: 400, plainText: true) }
        try state.withLock { world throws(SlackError) in
            guard let channel = world.webhooks[path], let index = world.channelIndex(channel) else {
                throw SlackError(code: "no_service", status: 404, plainText: true)
            }
            if world.channels[index].isArchived {
                throw SlackError(code: "channel_is_archived", status: 410, plainText: true)
            }
            let message = SlackWorld.Message(
                ts: world.nextTS(),
                user: world.botUserID,
                botID: world.botID,
                text: text,
                blocks: blocks
            )
            world.channels[index].messages.append(message)
            world.webhookPosts.append(SlackWorld.WebhookPost(channel: channel, text: text))
        }
        return .text("ok")
    }

    // MARK: shapes

    /// One page of `items` from the `cursor` and `limit` arguments; the next cursor or `""` on the last page.
    static func page(_ items: [JSONValue], _ args: Arguments) throws -> (items: [JSONValue], next: String) {
        var limit = args.int("limit") ?? 100
        if limit <= 0 { limit = 100 }
        limit = min(limit, 1000)
        var offset = 0
        if let cursor = args.string("cursor"), !cursor.isEmpty {
            guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
                text.hasPrefix("offset:"), let value = Int(text.dropFirst("offset:".count)), value >= 0
            else { throw SlackError(code: "invalid_cursor") }
            offset = value
        }
        let slice = Array(items.dropFirst(offset).prefix(limit))
        let end = offset + slice.count
        let next = end < items.count ? Data("offset:\(end)".utf8).base64EncodedString() : ""
        return (slice, next)
    }

    static func json(_ channel: SlackWorld.Channel, bot: String) -> JSONValue {
        [
            "id": .string(channel.id), "name": .string(channel.name), "name_normalized": .string(channel.name),
            "is_channel": .bool(!channel.isPrivate), "is_group": .bool(channel.isPrivate), "is_im": false,
            "is_mpim": false, "is_private": .bool(channel.isPrivate), "is_archived": .bool(channel.isArchived),
            "is_general": .bool(channel.isGeneral), "is_shared": false, "is_ext_shared": false, "is_org_shared": false,
            "is_member": .bool(channel.members.contains(bot)), "created": .integer(channel.created),
            "creator": .string(channel.creator), "num_members": .integer(channel.members.count),
            "topic": ["value": .string(channel.topic), "creator": "", "last_set": 0],
            "purpose": ["value": .string(channel.purpose), "creator": "", "last_set": 0],
        ]
    }

    static func json(
        _ message: SlackWorld.Message,
        in channel: SlackWorld.Channel,
        asParent: Bool = false
    ) -> JSONValue {
        var object: [String: JSONValue] = [
            "type": "message", "text": .string(message.text), "ts": .string(message.ts),
        ]
        if let user = message.user { object["user"] = .string(user) }
        if let bot = message.botID { object["bot_id"] = .string(bot) }
        if let blocks = message.blocks { object["blocks"] = blocks }
        if let thread = message.threadTS {
            object["thread_ts"] = .string(thread)
            if thread == message.ts {
                let replies = channel.messages.filter { $0.threadTS == thread && $0.ts != thread }
                object["reply_count"] = .integer(replies.count)
                object["reply_users_count"] = .integer(Set(replies.compactMap(\.user)).count)
                object["reply_users"] = .array(Array(Set(replies.compactMap(\.user))).sorted().map { .string($0) })
                if let last = replies.last { object["latest_reply"] = .string(last.ts) }
                if asParent {
                    object["subscribed"] = false
                    object["bot_id"] = nil
                }
            }
        }
        if !message.reactions.isEmpty, !asParent {
            object["reactions"] = .array(
                message.reactions.keys.sorted().map { name in
                    let users = message.reactions[name] ?? []
                    return [
                        "name": .string(name), "users": .array(users.map { .string($0) }),
                        "count": .integer(users.count),
                    ]
                }
            )
        }
        return .object(object)
    }

    static func reply(_ message: SlackWorld.Message, parent: SlackWorld.Message) -> JSONValue {
        var object: [String: JSONValue] = [
            "type": "message", "text": .string(message.text), "ts": .string(message.ts),
            "thread_ts": .string(parent.ts),
        ]
        if let user = message.user { object["user"] = .string(user) }
        if let user = parent.user { object["parent_user_id"] = .string(user) }
        return .object(object)
    }

    static func json(_ user: SlackWorld.User, team: String) -> JSONValue {
        [
            "id": .string(user.id), "team_id": .string(team), "name": .string(user.name),
            "real_name": .string(user.realName), "deleted": false, "is_bot": .bool(user.isBot),
            "is_admin": false, "is_owner": false, "tz": "Europe/Berlin",
            "profile": [
                "real_name": .string(user.realName), "display_name": .string(user.name),
                "email": .string(user.email),
            ],
        ]
    }
}

/// A request's arguments as Slack reads them: the query, then a form or JSON body (body fields win).
struct Arguments {
    var fields: [String: JSONValue] = [:]

    init(_ request: EmulatorRequest) throws {
        for item in request.query { fields[item.name] = .string(item.value) }
        guard !request.body.isEmpty else { return }
        let body = try RequestBody(request) { problem in
            SlackError(code: problem.code == "unparseable" ? "invalid_json" : "invalid_form_data")
        }
        if body.format == .json, body.array != nil { throw SlackError(code: "json_not_object") }
        for (name, value) in body.fields { fields[name] = value }
    }

    func string(_ name: String) -> String? {
        switch fields[name] {
        case .string(let text)?: text
        case .integer(let number)?: String(number)
        case .array(let values)?: values.compactMap(\.stringValue).joined(separator: ",")
        default: nil
        }
    }

    func required(_ name: String) throws(SlackError) -> String {
        guard let value = string(name), !value.isEmpty else { throw SlackError(code: "invalid_arguments") }
        return value
    }

    func bool(_ name: String) -> Bool? {
        switch fields[name] {
        case .bool(let flag)?: flag
        case .string(let text)?: ["true", "1"].contains(text.lowercased())
        case .integer(let number)?: number != 0
        default: nil
        }
    }

    func int(_ name: String) -> Int? {
        switch fields[name] {
        case .integer(let number)?: number
        case .string(let text)?: Int(text)
        default: nil
        }
    }

    /// A JSON value that a form sends as JSON text (Slack's `blocks`).
    func json(_ name: String) throws(SlackError) -> JSONValue? {
        switch fields[name] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard let value = try? JSONParser.parse(text) else { throw SlackError(code: "invalid_blocks_format") }
            return value
        case let value?: return value
        }
    }
}
