import Crypto
import Foundation
import NIOHTTP1
import StructuredData
public import WorkerKit

/// The msteams pack's actions (topic `job.msteams.<name>`, capability `msteams.<name>`) over Microsoft Graph v1.0:
/// reads are `GET` with OData's `$top`, lists follow `@odata.nextLink`; writes are `POST` (or `DELETE`) with JSON
/// bodies. A message with an Adaptive Card is an HTML body holding `<attachment id="…">` plus the card as the
/// attachment's JSON text, as Graph's chatMessage resource requires; the attachment id is derived from the card so a
/// dry run's plan is the request that would be sent.
public enum MSTeamsAction {
    typealias Query = ActionRequest.QueryItem

    /// Every action of the pack, by name (``webhook`` included).
    public static let all: [String: Action] = Dictionary(
        uniqueKeysWithValues: (reads + lists + writes + [webhook]).map { ($0.name, $0) }
    )

    /// The actions served through Graph (all but ``webhook``).
    static var graphActions: [Action] { reads + lists + writes }

    /// The media type of an Adaptive Card attachment.
    public static let adaptiveCardType = "application/vnd.microsoft.card.adaptive"

    /// The `team_id` input, checked against `ALLOWED_TEAMS`/`DENIED_TEAMS` and the profile's lists.
    static let team = ActionResource.field("team_id", list: "TEAMS", noun: "team", caseInsensitive: true)
    /// The `channel_id` input, checked against `ALLOWED_CHANNELS`/`DENIED_CHANNELS` and the profile's lists.
    static let channel = ActionResource.field("channel_id", list: "CHANNELS", noun: "channel")
    /// A new channel's name, checked against the channel lists as `#<name>` (so `#inc-*` allows incident channels).
    static let newChannel = ActionResource(list: "CHANNELS", noun: "channel") { input, _ in
        input.value("display_name")?.stringValue.map { ["#\($0)"] } ?? []
    }

    /// Graph's paging: the absolute `@odata.nextLink`, held to the request's origin.
    static let nextLink = BodyLinkPagination(BodyPath(keys: ["@odata.nextLink"]))

    static func action(
        _ name: String,
        _ kind: Action.Kind,
        enabling: Action.Enabling = .byLists,
        resource: ActionResource? = nil,
        objects: @escaping Action.ObjectsExtractor = { _, _, _ in [] },
        build: @escaping Action.Builder
    ) -> Action {
        Action(
            name: name,
            topic: "job.msteams.\(name)",
            capability: "msteams.\(name)",
            kind: kind,
            enabling: enabling,
            resource: resource,
            pagination: nextLink,
            objects: objects,
            build: build
        )
    }

    /// One path segment, percent-encoded (channel ids hold `:` and `@`).
    static func segment(_ text: String) -> String { URLEncoding.component(text) }

    static func top(_ input: ActionInput) -> [Query] {
        input.value("top")?.intValue.map { [Query("$top", String($0))] } ?? []
    }

    static func get(_ path: String, _ query: [Query] = []) -> ActionRequest {
        ActionRequest(method: .GET, path: path, query: query)
    }

    static func post(_ path: String, _ body: JSONValue) -> ActionRequest {
        ActionRequest(method: .POST, path: path, body: body, headers: ["Content-Type": "application/json"])
    }

    static func channelPath(_ input: ActionInput) throws(WorkerError) -> String {
        "/teams/\(segment(try input.string("team_id")))/channels/\(segment(try input.string("channel_id")))"
    }

    /// The reads answered by one object.
    static let reads: [Action] = [
        action("users.lookup", .read) { input throws(WorkerError) in
            get("/users/\(segment(try input.string("user")))")
        }
    ]

    /// The reads Graph pages with `@odata.nextLink`.
    static let lists: [Action] = [
        action("teams.list", .list(itemsKey: "value")) { input throws(WorkerError) in
            get("/teams", top(input))
        },
        action("channels.list", .list(itemsKey: "value"), resource: team) { input throws(WorkerError) in
            get("/teams/\(segment(try input.string("team_id")))/channels", top(input))
        },
        action("channels.messages.list", .list(itemsKey: "value"), resource: channel) { input throws(WorkerError) in
            get(try channelPath(input) + "/messages", top(input))
        },
        action("channels.messages.replies", .list(itemsKey: "value"), resource: channel) {
            input throws(WorkerError) in
            get(try channelPath(input) + "/messages/\(segment(try input.string("message_id")))/replies", top(input))
        },
    ]

    /// The writes.
    static let writes: [Action] = [
        action("channels.messages.post", .write, resource: channel, objects: message) { input throws(WorkerError) in
            post(try channelPath(input) + "/messages", try chatMessage(input))
        },
        action("channels.messages.reply", .write, resource: channel, objects: message) { input throws(WorkerError) in
            post(
                try channelPath(input) + "/messages/\(segment(try input.string("message_id")))/replies",
                try chatMessage(input)
            )
        },
        action("chats.messages.post", .write, objects: message) { input throws(WorkerError) in
            post("/chats/\(segment(try input.string("chat_id")))/messages", try chatMessage(input))
        },
        action("channels.create", .write, resource: newChannel, objects: createdChannel) {
            input throws(WorkerError) in
            var body: [String: JSONValue] = [
                "displayName": .string(try input.string("display_name")),
                "membershipType": .string(try input.optionalString("membership_type") ?? "standard"),
            ]
            if let description = try input.optionalString("description") { body["description"] = .string(description) }
            return post("/teams/\(segment(try input.string("team_id")))/channels", .object(body))
        },
        action(
            "channels.delete",
            .write,
            enabling: .byExactName(reason: "it deletes a channel and hides its messages from everyone"),
            resource: channel,
            objects: { input, _, _ in
                [ChangedObject(kind: "channel", id: input.value("channel_id") ?? .null, change: .deleted)]
            }
        ) { input throws(WorkerError) in
            ActionRequest(method: .DELETE, path: try channelPath(input))
        },
    ]

    /// `webhook.post`: the card goes to the profile's Workflows (or incoming) webhook, whose URL is the base of the
    /// request and a credential; there is no channel input (a webhook is bound to its channel).
    static let webhook = Action(
        name: "webhook.post",
        topic: "job.msteams.webhook.post",
        capability: "msteams.webhook.post",
        kind: .write
    ) { input throws(WorkerError) in
        var body: [String: JSONValue] = [
            "type": "message",
            "attachments": [
                ["contentType": .string(adaptiveCardType), "contentUrl": .null, "content": input.value("card") ?? [:]]
            ],
        ]
        if let text = try input.optionalString("text") { body["text"] = .string(text) }
        return ActionRequest(
            method: .POST,
            path: "",
            body: .object(body),
            headers: ["Content-Type": "application/json"]
        )
    }

    /// Graph's chatMessage body of a post or reply: plain text or HTML, or with `card` an HTML body holding the
    /// attachment reference and the card as the attachment's JSON text.
    static func chatMessage(_ input: ActionInput) throws(WorkerError) -> JSONValue {
        messageBody(
            text: try input.string("text"),
            contentType: try input.optionalString("content_type") ?? "text",
            card: input.value("card").flatMap { $0 == .null ? nil : $0 },
            subject: try input.optionalString("subject")
        )
    }

    /// A chatMessage body: `text` as `contentType`, or with `card` an HTML body referencing the card's attachment.
    static func messageBody(text: String, contentType: String, card: JSONValue?, subject: String? = nil) -> JSONValue {
        var message: [String: JSONValue] = [:]
        if let subject { message["subject"] = .string(subject) }
        guard let card else {
            message["body"] = ["contentType": .string(contentType), "content": .string(text)]
            return .object(message)
        }
        let cardText = JSONEncoding.compact(card)
        let id = attachmentID(cardText)
        let html = contentType == "html" ? text : escapeHTML(text)
        message["body"] = [
            "contentType": "html", "content": .string("\(html)<attachment id=\"\(id)\"></attachment>"),
        ]
        message["attachments"] = [
            [
                "id": .string(id), "contentType": .string(adaptiveCardType), "contentUrl": .null,
                "content": .string(cardText),
            ]
        ]
        return .object(message)
    }

    /// A stable attachment id for a card: the first 32 hex digits of its SHA-256, dashed like a GUID.
    static func attachmentID(_ cardText: String) -> String {
        let hex = SHA256.hash(data: Data(cardText.utf8)).map { String(format: "%02x", $0) }.joined()
        let digits = Array(hex.prefix(32))
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(digits[$0]) }
        return groups.joined(separator: "-")
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A message posted: its id within its channel or chat.
    static let message: Action.ObjectsExtractor = { input, _, result in
        let place =
            input.value("channel_id")?.stringValue ?? input.value("chat_id")?.stringValue ?? ""
        let id = result["id"]?.stringValue ?? ""
        return [
            ChangedObject(
                kind: "message",
                id: .string("\(place)/\(id)"),
                url: result["webUrl"]?.stringValue,
                change: .created
            )
        ]
    }

    static let createdChannel: Action.ObjectsExtractor = { _, _, result in
        [
            ChangedObject(
                kind: "channel",
                id: result["id"] ?? .null,
                url: result["webUrl"]?.stringValue,
                change: .created
            )
        ]
    }
}
