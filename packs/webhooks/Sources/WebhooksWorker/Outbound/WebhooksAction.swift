import NIOHTTP1
import StructuredData
public import WorkerKit

/// The webhooks pack's outbound actions: `destinations.ping` (a signed ping) and `deliver` (a signed event). Both
/// POST JSON to the job's destination (``WebhooksTransport`` resolves and allow-lists it); a delivery carries its
/// id as `Webhook-Id` and `Idempotency-Key`, so the client retries it with backoff on 5xx, timeouts and 429, and the
/// subscriber deduplicates the retries.
public enum WebhooksAction {
    /// Every action, by name.
    public static let all: [String: Action] = Dictionary(uniqueKeysWithValues: [ping, deliver].map { ($0.name, $0) })

    /// `job.webhooks.destinations.ping`.
    public static let ping = Action(
        name: "destinations.ping",
        topic: "job.webhooks.destinations.ping",
        capability: "webhooks.destinations.ping",
        kind: .read,
        resource: nil
    ) { input throws(WorkerError) in
        let url = input.value("url")?.stringValue ?? "/"
        let body: JSONValue = ["type": "ping", "id": "ping", "data": ["zen": "Keep it logically awesome."]]
        return ActionRequest(
            method: .POST,
            path: Destination.path(of: url),
            body: body,
            headers: ["Content-Type": "application/json", "Webhook-Event": "ping"]
        )
    }

    /// `job.webhooks.deliver`.
    public static let deliver = Action(
        name: "deliver",
        topic: "job.webhooks.deliver",
        capability: "webhooks.deliver",
        kind: .write,
        resource: nil,
        objects: { input, _, _ in
            [ChangedObject(kind: "delivery", id: input.value("delivery_id") ?? .null, change: .created)]
        }
    ) { input throws(WorkerError) in
        let url = input.value("url")?.stringValue ?? "/"
        let id = input.value("delivery_id")?.stringValue ?? ""
        let event = input.value("event")?.stringValue ?? ""
        let body: JSONValue = ["id": .string(id), "type": .string(event), "data": input.value("payload") ?? [:]]
        return ActionRequest(
            method: .POST,
            path: Destination.path(of: url),
            body: body,
            headers: [
                "Content-Type": "application/json", "Webhook-Id": id, "Webhook-Event": event, "Idempotency-Key": id,
            ]
        )
    }
}
