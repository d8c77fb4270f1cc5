import ArgumentParser
import Foundation
import PackHost
import StructuredData

/// `packctl subscriptions`: a running host's webhook subscriptions.
struct Subscriptions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage a running host's webhook subscriptions (needs --host; docs/events.md).",
        subcommands: [Add.self, ListSubscriptions.self, Remove.self, Deliveries.self]
    )

    /// Runs `body` with the client for `--host`, printing a failure as the host commands do.
    static func withClient(
        _ target: HostTargetOptions,
        format: OutputFormat,
        _ body: (HostClient) async throws(HostError) -> Void
    ) async throws {
        do throws(HostError) {
            guard let client = try target.client() else {
                throw HostError(.invalidArgument, "packctl subscriptions acts on a running host: pass --host URL")
            }
            do throws(HostError) {
                try await body(client)
                await client.close()
            } catch {
                await client.close()
                throw error
            }
        } catch {
            throw failHostCommand(error, format: format)
        }
    }

    /// Prints `value` as JSON, or `text` of each item.
    static func output(_ value: JSONValue?, format: OutputFormat, text: (JSONValue) -> String) {
        guard let value else { return }
        switch format {
        case .json: print(JSONEncoding.pretty(value))
        case .text:
            let items = value["items"]?.arrayValue ?? [value]
            if items.isEmpty { print("none") }
            for item in items { print(text(item)) }
        }
    }

    static func line(_ subscription: JSONValue) -> String {
        let types = subscription["types"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return "\(subscription["id"]?.stringValue ?? "?")\t\(subscription["url"]?.stringValue ?? "?")\t"
            + (types.isEmpty ? "all events" : types.joined(separator: ","))
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Deliver the tenant's events to a URL, signed with a secret.",
            discussion: """
                The secret (at least 16 characters; default: CORDUM_WEBHOOK_SECRET) signs every delivery \
                (Cordum-Signature: t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">) and is never shown back. \
                URLs on loopback, private or metadata addresses are refused unless the host allows them \
                (serve --allow-webhook-host). Needs an admin key.
                Exit codes: 0 created; 1 refused (role, allow list); 2 bad input or the host cannot be reached.
                """
        )

        @OptionGroup var target: HostTargetOptions
        @Argument(help: "Where deliveries are POSTed.") var url: String
        @Option(name: .long, help: "The signing secret (default: CORDUM_WEBHOOK_SECRET).") var secret: String?
        @Option(name: .long, help: "An event type or family (repeatable; default all).") var type: [String] = []
        @Option(name: .long, help: "Only this workflow's events.") var workflow: String?
        @Option(name: .long, help: "Only this pack's events.") var pack: String?
        @Option(name: .long, help: "Output format: text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await Subscriptions.withClient(target, format: format) { client throws(HostError) in
                guard let secret = secret ?? ProcessInfo.processInfo.environment["CORDUM_WEBHOOK_SECRET"] else {
                    throw HostError(.invalidArgument, "pass --secret or set CORDUM_WEBHOOK_SECRET")
                }
                var body: [String: JSONValue] = [
                    "url": .string(url), "secret": .string(secret), "types": .array(type.map(JSONValue.string)),
                ]
                body["workflow_id"] = workflow.map(JSONValue.string)
                body["pack_id"] = pack.map(JSONValue.string)
                let created = try await client.post("/subscriptions", json: .object(body))
                Subscriptions.output(created, format: format, text: Subscriptions.line)
            }
        }
    }

    struct ListSubscriptions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the tenant's subscriptions: id, URL, event types.",
            discussion: "Exit codes: 0 listed; 2 the host cannot be reached."
        )

        @OptionGroup var target: HostTargetOptions
        @Option(name: .long, help: "Output format: text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await Subscriptions.withClient(target, format: format) { client throws(HostError) in
                let listed = try await client.get("/subscriptions")
                Subscriptions.output(listed, format: format, text: Subscriptions.line)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Remove a subscription (its pending deliveries are dropped; the history stays).",
            discussion: "Exit codes: 0 removed; 1 refused (role); 2 no such subscription or the host cannot be reached."
        )

        @OptionGroup var target: HostTargetOptions
        @Argument(help: "The subscription id (sub-...).") var id: String
        @Option(name: .long, help: "Output format: text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await Subscriptions.withClient(target, format: format) { client throws(HostError) in
                try await client.delete("/subscriptions/" + HostClient.pathSegment(id))
                if format == .text { print("removed \(id)") }
            }
        }
    }

    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deliveries",
            abstract: "A subscription's deliveries: id, event, status, attempts, last answer.",
            discussion: "Exit codes: 0 listed; 2 no such subscription or the host cannot be reached."
        )

        @OptionGroup var target: HostTargetOptions
        @Argument(help: "The subscription id (sub-...).") var id: String
        @Option(name: .long, help: "Only pending, delivered or dead deliveries.") var status: String?
        @Option(name: .long, help: "At most this many, oldest first.") var limit = 100
        @Option(name: .long, help: "Output format: text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await Subscriptions.withClient(target, format: format) { client throws(HostError) in
                var query = [("limit", String(limit))]
                if let status { query.append(("status", status)) }
                let listed = try await client.get(
                    "/subscriptions/" + HostClient.pathSegment(id) + "/deliveries",
                    query: query
                )
                Subscriptions.output(listed, format: format) { delivery in
                    var line = "\(delivery["id"]?.intValue ?? 0)\tevent \(delivery["event_id"]?.intValue ?? 0)\t"
                    line += "\(delivery["event_type"]?.stringValue ?? "?")\t\(delivery["status"]?.stringValue ?? "?")\t"
                    line += "attempts \(delivery["attempts"]?.intValue ?? 0)"
                    if let status = delivery["last_status"]?.intValue { line += "\tlast \(status)" }
                    if let error = delivery["last_error"]?.stringValue { line += "\t\(error)" }
                    return line
                }
            }
        }
    }
}
