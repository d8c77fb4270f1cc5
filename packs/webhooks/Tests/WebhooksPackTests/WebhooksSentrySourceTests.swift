import Foundation
import PackTesting
import StructuredData
import Testing
import WebhooksWorker
import WorkerKit

/// Sentry integration webhooks (`Sentry-Hook-Signature`: the hex HMAC-SHA256 of the body with the integration's
/// client secret) through the receiver, verified by WorkerKit's `.sentry` scheme: a signed delivery starts a run, a
/// forged or tampered one is refused, and Sentry's retry of the same delivery (`Request-ID`) starts nothing new.
@Suite("Webhooks receiver: Sentry integration webhooks", .serialized)
struct WebhooksSentrySourceTests {
    static let secret = "sentry-client-secret-0123456789abcdef"

    /// A source of the harness's workflow fed from a Sentry `issue` webhook (the fields are mapped only to start a
    /// run; a real source names a workflow of the sentry pack, packs/webhooks/README.md).
    static let sourcesJSON = """
        {"sources": [
          {"id": "sentry", "path": "/sentry", "workflow": "\(ReceiverHarness.workflow)",
           "verify": {"scheme": "sentry", "secret_env": "SENTRY_CLIENT_SECRET"},
           "event_id": "header:Request-ID",
           "accept": {"header:Sentry-Hook-Resource": "issue"},
           "principals": [{"match": "*", "api_key_env": "RECEIVER_KEY", "tenant": "default"}],
           "input": {"repo": "const:acme/widgets", "pull_number": "body:/data/issue/userCount",
                     "action": "body:/action", "delivery_id": "header:Request-ID"}}
        ]}
        """

    static func delivery(_ id: String, secret: String = secret) -> (headers: [String: String], body: [UInt8]) {
        let payload: JSONValue = [
            "action": "created", "installation": ["uuid": "7a485448-a9e2-4c85-8a3c-4f44175783c9"],
            "data": [
                "issue": ["id": "4711", "shortId": "BACKEND-3", "userCount": 118, "project": ["slug": "backend"]]
            ],
            "actor": ["type": "application", "id": "sentry", "name": "Sentry"],
        ]
        let body = Array(JSONEncoding.compact(payload).utf8)
        var headers = [
            "content-type": "application/json", "request-id": id, "sentry-hook-resource": "issue",
            "sentry-hook-timestamp": String(Int(Date().timeIntervalSince1970)),
        ]
        for (name, value) in WebhookSigner(.sentry, secret: secret).headers(for: body, at: Date()) {
            headers[name.lowercased()] = value
        }
        return (headers, body)
    }

    @Test("a signed Sentry delivery starts one run; forged, tampered or unsigned ones start none")
    func sentryDeliveries() async throws {
        try await ReceiverHarness.withHost { _, host in
            var environment = ReceiverHarness.environment
            environment["SENTRY_CLIENT_SECRET"] = Self.secret
            let sources = try ReceiverConfiguration.sources(
                json: Self.sourcesJSON,
                environment: environment,
                secrets: SecretRegistry()
            )
            let receiver = WebhookReceiver(sources: sources, starter: HostRunStarter(hostURL: host))
            func send(_ request: (headers: [String: String], body: [UInt8])) async -> ReceiverAnswer {
                await receiver.handle(
                    path: "/sentry",
                    headers: request.headers,
                    body: request.body,
                    remoteAddress: nil,
                    now: Date()
                )
            }
            let signed = Self.delivery("f5b7c1d2-0000-4000-8000-000000000001")
            #expect(signed.headers["sentry-hook-signature"]?.count == 64)
            let first = await send(signed)
            #expect(first.status == 201, "\(first)")
            let retry = await send(signed)
            #expect(retry.status == 201)
            #expect(retry.body["run_id"] == first.body["run_id"])
            #expect(await send(Self.delivery("d-forged", secret: "not-the-client-secret-0123456789")).status == 401)
            var tampered = Self.delivery("d-tampered")
            tampered.body[tampered.body.count - 2] ^= 1
            #expect(await send(tampered).status == 401)
            var unsigned = Self.delivery("d-unsigned")
            unsigned.headers["sentry-hook-signature"] = nil
            #expect(await send(unsigned).status == 401)
            #expect(try await ReceiverHarness.runIDs(host: host).count == 1)
        }
    }
}
