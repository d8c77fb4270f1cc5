import Foundation
import PackTesting
import StructuredData
import Testing
import WebhooksWorker
import WorkerKit
import WorkflowEngine

/// PagerDuty's v3 webhooks through the receiver: `X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the body>` (several
/// comma-separated `v1=` entries while PagerDuty rotates the secret), the event id from `event.id`.
@Suite("Webhooks receiver: PagerDuty v3 signatures", .serialized)
struct WebhooksPagerDutyTests {
    static let secret = "pd-webhook-secret-0123456789abcdef"

    /// A PagerDuty source; the run it starts is the pack's reference workflow with constant inputs (the test counts
    /// run starts, not what they do).
    static let sourcesJSON = """
        {"sources": [
          {"id": "pagerduty", "path": "/pagerduty", "workflow": "webhooks.github.pr-opened",
           "verify": {"scheme": "pagerduty", "secret_env": "PD_WEBHOOK_SECRET"},
           "event_id": "body:/event/id",
           "accept": {"body:/event/event_type": "incident.triggered"},
           "principals": [{"match": "*", "api_key_env": "RECEIVER_KEY", "tenant": "default"}],
           "input": {"repo": "const:acme/widgets", "pull_number": "body:/event/data/number", "action": "body:/event/event_type",
                     "delivery_id": "body:/event/id"}}
        ]}
        """

    static func receiver(host: String) throws -> WebhookReceiver {
        let sources = try ReceiverConfiguration.sources(
            json: sourcesJSON,
            environment: ["PD_WEBHOOK_SECRET": secret, "RECEIVER_KEY": ReceiverHarness.apiKey],
            secrets: SecretRegistry()
        )
        return WebhookReceiver(sources: sources, starter: HostRunStarter(hostURL: host))
    }

    /// A v3 `incident.triggered` event as PagerDuty sends it, signed with `secrets` (one `v1=` entry each).
    static func event(_ id: String, type: String = "incident.triggered", secrets: [String] = [secret])
        -> (headers: [String: String], body: [UInt8])
    {
        let payload: JSONValue = [
            "event": [
                "id": .string(id), "event_type": .string(type), "resource_type": "incident",
                "occurred_at": "2026-12-07T08:12:00.000Z",
                "data": [
                    "id": "PINC0001", "type": "incident", "number": 101, "title": "Checkout p99 latency above 2s",
                ],
            ]
        ]
        let body = Array(JSONEncoding.compact(payload).utf8)
        var signatures: [String] = []
        for secret in secrets {
            for (_, value) in WebhookSigner(.pagerduty, secret: secret).headers(for: body, at: Date()) {
                signatures.append(value)
            }
        }
        return (
            ["x-pagerduty-signature": signatures.joined(separator: ","), "content-type": "application/json"], body
        )
    }

    @Test(
        "a signed event starts one run; a rotation's second signature is accepted; forged, tampered, unsigned are 401"
    )
    func signatures() async throws {
        try await ReceiverHarness.withHost { rig, host in
            let receiver = try Self.receiver(host: host)
            func send(_ request: (headers: [String: String], body: [UInt8])) async -> ReceiverAnswer {
                await receiver.handle(
                    path: "/pagerduty",
                    headers: request.headers,
                    body: request.body,
                    remoteAddress: nil,
                    now: Date()
                )
            }
            #expect(await send(Self.event("01F-forged", secrets: ["not-the-secret-0123456789abcdef"])).status == 401)
            var tampered = Self.event("01F-tampered")
            tampered.body[tampered.body.count - 3] ^= 1
            #expect(await send(tampered).status == 401)
            var unsigned = Self.event("01F-unsigned")
            unsigned.headers["x-pagerduty-signature"] = nil
            let missing = await send(unsigned)
            #expect(missing.status == 401)
            #expect(missing.body["error"]?["message"]?.stringValue?.contains("X-PagerDuty-Signature") == true)
            #expect(await send(Self.event("01F-ack", type: "incident.acknowledged")).status == 202)
            #expect(try await ReceiverHarness.runIDs(host: host).isEmpty)

            let started = await send(Self.event("01F-triggered"))
            #expect(started.status == 201, "\(started)")
            let runID = try #require(started.body["run_id"]?.stringValue)
            #expect(try await rig.run(runID).input["delivery_id"] == "01F-triggered")
            // PagerDuty signs with the old and the new secret while it rotates: one matching entry is enough.
            let rotating = await send(
                Self.event("01F-rotating", secrets: ["old-secret-0123456789abcdefghij", Self.secret])
            )
            #expect(rotating.status == 201, "\(rotating)")
            // A redelivery of the same event starts nothing new.
            let again = await send(Self.event("01F-triggered"))
            #expect(again.body["run_id"]?.stringValue == runID)
            #expect(try await ReceiverHarness.runIDs(host: host).count == 2)
        }
    }
}
