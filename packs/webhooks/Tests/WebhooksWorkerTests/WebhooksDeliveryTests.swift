import EmulatorKit
import Foundation
import PackTesting
import StructuredData
import Testing
import WebhooksEmulator
import WebhooksWorker
import WorkerKit

/// Outbound deliveries against the subscriber emulator, which checks every signature itself: signed once per
/// attempt, deduplicated on Webhook-Id, retried with backoff on 5xx, allow-listed, and planned in a dry run.
@Suite("Webhooks deliveries against the subscriber emulator")
struct WebhooksDeliveryTests {
    static let event = event(url: "/hooks/billing")

    static func event(url: String) -> JSONValue {
        [
            "url": .string(url), "event": "invoice.paid", "delivery_id": "dlv-1",
            "payload": ["invoice": "inv-42", "amount_cents": 1999],
        ]
    }

    func withWorker(
        _ extra: [String: String] = [:],
        _ body: (Emulator<SeededState<WebhooksEmulator.Inbox>>, Worker, SecretRegistry, Sleeps) async throws -> Void
    ) async throws {
        let sleeps = Sleeps()
        try await withEmulatedWorker(
            try WebhooksEmulator.definition(),
            environment: extra,
            sleeps: sleeps,
            worker: { environment, secrets, clock in
                WebhooksWorker.make(
                    configuration: try WebhooksConfiguration(environment: environment, secrets: secrets),
                    retryClock: clock
                )
            },
            body: { try await body($0, $1, $2, sleeps) }
        )
    }

    @Test("a delivery arrives signed, once per delivery id, and the output names the delivery")
    func delivers() async throws {
        try await withWorker { emulator, worker, secrets, _ in
            let first = await runJob(worker, topic: "job.webhooks.deliver", Self.event, secrets: secrets)
            let output = try #require(first.output, "\(first)")
            #expect(output["status_code"] == 202)
            #expect(output["dry_run"] == false)
            #expect(output["objects"]?.arrayValue?.first?["id"] == "dlv-1")
            let again = await runJob(worker, topic: "job.webhooks.deliver", Self.event, secrets: secrets)
            #expect(again.output?["result"]?["duplicate"] == true)
            let inbox = emulator.state.withLock { $0 }
            #expect(inbox.order == ["dlv-1"])
            #expect(inbox.deliveries["dlv-1"]?["data"]?["invoice"] == "inv-42")
            #expect(inbox.deliveries["dlv-1"]?["type"] == "invoice.paid")
            let sent = try #require(emulator.requestLog.entries(method: "POST", path: "/hooks/billing").first)
            #expect(sent.headers["webhook-id"] == "dlv-1")
            // The subscriber checked the signature itself (it answers 401 otherwise); its log redacts the value.
            #expect(sent.headers["cordum-signature"] != nil)
            #expect(!"\(first)".contains(WebhooksDemo.signingSecret))
        }
    }

    @Test("a dry run returns the exact request and sends nothing")
    func dryRun() async throws {
        try await withWorker { emulator, worker, secrets, _ in
            let outcome = await runJob(
                worker,
                topic: "job.webhooks.deliver",
                Self.event,
                secrets: secrets,
                dryRun: true
            )
            let output = try #require(outcome.output)
            #expect(output["dry_run"] == true)
            #expect(output["plan"]?["method"] == "POST")
            #expect(output["plan"]?["url"] == .string(emulator.baseURL + "/hooks/billing"))
            #expect(output["plan"]?["body"]?["id"] == "dlv-1")
            #expect(output["plan"]?["auth"] == "hmac-sha256")
            #expect(emulator.requestLog.entries(path: "/hooks/billing").isEmpty)
        }
    }

    @Test("503 answers are retried with backoff under the same Webhook-Id until the subscriber takes it")
    func retries() async throws {
        try await withWorker { emulator, worker, secrets, sleeps in
            _ = emulator.faults.add(try FaultRule(method: "POST", path: "/hooks/billing", status: 503, count: 2))
            let outcome = await runJob(worker, topic: "job.webhooks.deliver", Self.event, secrets: secrets)
            #expect(outcome.output?["status_code"] == 202, "\(outcome)")
            let attempts = emulator.requestLog.entries(method: "POST", path: "/hooks/billing")
            #expect(attempts.count == 3)
            #expect(Set(attempts.map { $0.headers["webhook-id"] ?? "" }) == ["dlv-1"])
            #expect(sleeps.all.count == 2)
            #expect(emulator.state.withLock { $0.order } == ["dlv-1"])
        }
    }

    @Test("destinations outside the profile's base_url need ALLOWED_URLS; DENIED_URLS wins; nothing is sent")
    func allowList() async throws {
        try await withWorker { emulator, worker, secrets, _ in
            let input = Self.event(url: "https://attacker.example/collect")
            let refused = await runJob(worker, topic: "job.webhooks.deliver", input, secrets: secrets)
            #expect(refused.error?.code == .resourceNotAllowed)
            #expect(refused.error?.message.contains("ALLOWED_URLS") == true)
            #expect(emulator.requestLog.entries(path: "/**").isEmpty)
        }
        try await withWorker(["CORDUM_WEBHOOKS_DENIED_URLS": "http://127.0.0.1:*/hooks/billing"]) {
            emulator,
            worker,
            secrets,
            _ in
            let refused = await runJob(worker, topic: "job.webhooks.deliver", Self.event, secrets: secrets)
            #expect(refused.error?.code == .resourceNotAllowed)
            #expect(emulator.requestLog.entries(path: "/**").isEmpty)
        }
    }

    @Test("an absolute URL on the allow list is delivered; a wrong secret is refused by the subscriber")
    func absoluteAndWrongSecret() async throws {
        let emulator = try await Emulator.start(try WebhooksEmulator.definition(), port: 0)
        let settings = [
            "CORDUM_WEBHOOKS_ALLOWED_URLS": emulator.baseURL + "/hooks/*",
            "CORDUM_WEBHOOKS_SIGNING_SECRET": "a-different-secret-0123456789",
        ]
        let input = Self.event(url: emulator.baseURL + "/hooks/billing")
        let outcome: JobOutcome
        do {
            let configuration = try WebhooksConfiguration(environment: settings)
            let worker = WebhooksWorker.make(
                configuration: configuration,
                retryClock: ManualDateClock().retryClock(recording: Sleeps())
            )
            outcome = await runJob(
                worker,
                topic: "job.webhooks.deliver",
                input,
                secrets: configuration.settings.secrets
            )
        } catch {
            await emulator.stop()
            throw error
        }
        let received = emulator.state.withLock { $0.order }
        await emulator.stop()
        #expect(outcome.error?.code == .unauthorized, "\(outcome)")
        #expect(received.isEmpty)
    }

    @Test("a ping is answered by the subscriber; a short signing secret is a configuration error")
    func pingAndConfiguration() async throws {
        try await withWorker { emulator, worker, secrets, _ in
            let outcome = await runJob(
                worker,
                topic: "job.webhooks.destinations.ping",
                ["url": "/hooks/billing"],
                secrets: secrets
            )
            #expect(outcome.output?["result"]?["challenge"] == "pong", "\(outcome)")
            #expect(emulator.state.withLock { $0.pings } == 1)
        }
        #expect(throws: ConfigurationError.self) {
            _ = try WebhooksConfiguration(environment: ["CORDUM_WEBHOOKS_SIGNING_SECRET": "short"])
        }
    }
}
