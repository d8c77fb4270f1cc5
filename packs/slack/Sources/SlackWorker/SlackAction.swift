import NIOHTTP1
import StructuredData
public import WorkerKit

/// The slack pack's actions (topic `job.slack.<name>`, capability `slack.<name>`): Slack's Web API methods in
/// lowercase dotted words (`chat.postMessage` → `chat.post_message`). Reads are `GET` with query parameters, as
/// Slack's description gives them; writes are `POST` with a JSON body (`application/json; charset=utf-8`), which
/// every write method accepts with a bot token, so Block Kit `blocks` go as JSON rather than as a form field of
/// JSON text.
public enum SlackAction {
    typealias Query = ActionRequest.QueryItem

    /// Every action of the pack, by name (``webhook`` included).
    public static let all: [String: Action] = Dictionary(
        uniqueKeysWithValues: (reads + lists + writes + [webhook]).map { ($0.name, $0) }
    )

    /// The actions served over the Web API (all but ``webhook``).
    static var apiActions: [Action] { reads + lists + writes }

    /// The `channel` input, checked against `ALLOWED_CHANNELS`/`DENIED_CHANNELS` and the profile's
    /// `allowed_channels`/`denied_channels` (conversation ids, `C0123456789`, or globs).
    static let channel = ActionResource.field("channel", list: "CHANNELS", noun: "channel")

    /// A new channel's name, checked against the same lists as `#<name>` (so `#inc-*` allows incident channels).
    static let newChannel = ActionResource(list: "CHANNELS", noun: "channel") { input, _ in
        input.value("name")?.stringValue.map { ["#\($0)"] } ?? []
    }

    /// Cursor paging: `response_metadata.next_cursor` sent back as `cursor`.
    static let cursor = CursorPagination(from: .body("response_metadata.next_cursor"), sendAs: .query("cursor"))

    static func action(
        _ name: String,
        _ kind: Action.Kind,
        enabling: Action.Enabling = .byLists,
        resource: ActionResource? = channel,
        objects: @escaping Action.ObjectsExtractor = { _, _, _ in [] },
        build: @escaping Action.Builder
    ) -> Action {
        Action(
            name: name,
            topic: "job.slack.\(name)",
            capability: "slack.\(name)",
            kind: kind,
            enabling: enabling,
            resource: resource,
            pagination: cursor,
            objects: objects,
            build: build
        )
    }

    /// The query parameters of `fields` the input has, in order (booleans and integers as Slack writes them).
    static func query(_ input: ActionInput, _ fields: [String]) -> [Query] {
        fields.compactMap { field in
            switch input.value(field) {
            case .string(let text): Query(field, text)
            case .integer(let number): Query(field, String(number))
            case .bool(let flag): Query(field, flag ? "true" : "false")
            default: nil
            }
        }
    }

    /// A JSON body of the input's `fields` that are present.
    static func body(_ input: ActionInput, _ fields: [String]) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for field in fields { if let value = input.value(field), value != .null { members[field] = value } }
        return .object(members)
    }

    static func get(_ method: String, _ query: [Query]) -> ActionRequest {
        ActionRequest(method: .GET, path: "/\(method)", query: query)
    }

    static func post(_ method: String, _ body: JSONValue) -> ActionRequest {
        ActionRequest(
            method: .POST,
            path: "/\(method)",
            body: body,
            headers: ["Content-Type": "application/json; charset=utf-8"]
        )
    }

    /// The reads answered by one object.
    static let reads: [Action] = [
        action("auth.test", .read, resource: nil) { _ throws(WorkerError) in get("auth.test", []) },
        action("conversations.info", .read) { input throws(WorkerError) in
            get("conversations.info", query(input, ["channel", "include_num_members"]))
        },
        action("users.info", .read, resource: nil) { input throws(WorkerError) in
            get("users.info", query(input, ["user"]))
        },
        action("users.lookup_by_email", .read, resource: nil) { input throws(WorkerError) in
            get("users.lookupByEmail", query(input, ["email"]))
        },
    ]

    /// The reads Slack pages with cursors.
    static let lists: [Action] = [
        action("conversations.list", .list(itemsKey: "channels"), resource: nil) { input throws(WorkerError) in
            get("conversations.list", query(input, ["types", "exclude_archived", "limit", "cursor"]))
        },
        action("conversations.history", .list(itemsKey: "messages")) { input throws(WorkerError) in
            get("conversations.history", query(input, ["channel", "oldest", "latest", "inclusive", "limit", "cursor"]))
        },
        action("conversations.replies", .list(itemsKey: "messages")) { input throws(WorkerError) in
            get("conversations.replies", query(input, ["channel", "ts", "limit", "cursor"]))
        },
    ]

    static let messageFields = ["channel", "text", "blocks", "thread_ts", "reply_broadcast", "unfurl_links", "mrkdwn"]

    /// The writes.
    static let writes: [Action] = [
        action("chat.post_message", .write, objects: message(.created)) { input throws(WorkerError) in
            post("chat.postMessage", body(input, messageFields))
        },
        action("chat.update", .write, objects: message(.updated)) { input throws(WorkerError) in
            post("chat.update", body(input, ["channel", "ts", "text", "blocks"]))
        },
        action("chat.post_ephemeral", .write, objects: ephemeral) { input throws(WorkerError) in
            post("chat.postEphemeral", body(input, ["channel", "user", "text", "blocks", "thread_ts"]))
        },
        action("reactions.add", .write, objects: reaction) { input throws(WorkerError) in
            post("reactions.add", body(input, ["channel", "timestamp", "name"]))
        },
        action("conversations.create", .write, resource: newChannel, objects: conversation(.created)) {
            input throws(WorkerError) in
            post("conversations.create", body(input, ["name", "is_private"]))
        },
        action("conversations.invite", .write, objects: conversation(.updated)) { input throws(WorkerError) in
            // Slack reads `users` as one comma-separated string, in JSON bodies too.
            let users = try input.strings("users") ?? []
            return post(
                "conversations.invite",
                ["channel": .string(try input.string("channel")), "users": .string(users.joined(separator: ","))]
            )
        },
        action("conversations.set_topic", .write, objects: conversation(.updated)) { input throws(WorkerError) in
            post("conversations.setTopic", body(input, ["channel", "topic"]))
        },
        action(
            "chat.delete",
            .write,
            enabling: .byExactName(reason: "it deletes a message, which cannot be undone"),
            objects: message(.deleted)
        ) { input throws(WorkerError) in
            post("chat.delete", body(input, ["channel", "ts"]))
        },
        action(
            "conversations.archive",
            .write,
            enabling: .byExactName(reason: "it archives a channel for everyone"),
            objects: { input, _, _ in
                [ChangedObject(kind: "channel", id: input.value("channel") ?? .null, change: .updated)]
            }
        ) { input throws(WorkerError) in
            post("conversations.archive", body(input, ["channel"]))
        },
    ]

    /// `webhook.post`: the message goes to the profile's incoming webhook (``SlackWebhookTransport``), whose URL
    /// is the base of the request and a credential; there is no channel input (a webhook is bound to its channel).
    static let webhook = Action(
        name: "webhook.post",
        topic: "job.slack.webhook.post",
        capability: "slack.webhook.post",
        kind: .write
    ) { input throws(WorkerError) in
        ActionRequest(
            method: .POST,
            path: "",
            body: body(input, ["text", "blocks"]),
            headers: ["Content-Type": "application/json; charset=utf-8"]
        )
    }

    /// A message posted, changed or deleted: its `ts` (the message id) in its channel.
    static func message(_ change: ChangedObject.Change) -> Action.ObjectsExtractor {
        { input, _, result in
            let ts = result["ts"] ?? input.value("ts") ?? .null
            let channel = result["channel"]?.stringValue ?? input.value("channel")?.stringValue ?? ""
            return [ChangedObject(kind: "message", id: .string("\(channel)/\(ts.stringValue ?? "")"), change: change)]
        }
    }

    static let ephemeral: Action.ObjectsExtractor = { input, _, result in
        let channel = input.value("channel")?.stringValue ?? ""
        let ts = result["message_ts"]?.stringValue ?? ""
        return [ChangedObject(kind: "ephemeral_message", id: .string("\(channel)/\(ts)"), change: .created)]
    }

    static let reaction: Action.ObjectsExtractor = { input, _, _ in
        let channel = input.value("channel")?.stringValue ?? ""
        let ts = input.value("timestamp")?.stringValue ?? ""
        let name = input.value("name")?.stringValue ?? ""
        return [ChangedObject(kind: "reaction", id: .string("\(channel)/\(ts)/\(name)"), change: .created)]
    }

    static func conversation(_ change: ChangedObject.Change) -> Action.ObjectsExtractor {
        { input, _, result in
            let id = result["channel"]?["id"] ?? input.value("channel") ?? .null
            return [ChangedObject(kind: "channel", id: id, change: change)]
        }
    }
}
