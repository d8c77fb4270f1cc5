import Foundation
import PackTesting
import StructuredData
import Testing
import WebhooksWorker
import WorkerKit
import WorkflowEngine

/// The receiver against a real host: a storm of duplicate deliveries starts one run, and every refusal starts none.
@Suite("Webhooks receiver on a host", .serialized)
struct WebhooksReceiverTests {
    @Test("1,000 duplicate deliveries start exactly one run, and every one is answered with its id")
    func duplicateStorm() async throws {
        try await ReceiverHarness.withHost { _, host in
            let receiver = try ReceiverHarness.receiver(host: host)
            let delivery = ReceiverHarness.github(delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958")
            let answers = await withTaskGroup(of: ReceiverAnswer.self) { group in
                for _ in 0..<1000 {
                    group.addTask {
                        await receiver.handle(
                            path: "/github",
                            headers: delivery.headers,
                            body: delivery.body,
                            remoteAddress: "127.0.0.1",
                            now: Date()
                        )
                    }
                }
                var all: [ReceiverAnswer] = []
                for await answer in group { all.append(answer) }
                return all
            }
            #expect(
                answers.allSatisfy { $0.status == 201 },
                "\(answers.first { $0.status != 201 }.map { "\($0)" } ?? "")"
            )
            let runIDs = Set(answers.compactMap { $0.body["run_id"]?.stringValue })
            #expect(runIDs.count == 1)
            #expect(try await ReceiverHarness.runIDs(host: host) == Array(runIDs))
        }
    }

    @Test("wrong signatures, stale timestamps, oversize bodies and unmapped principals are refused; nothing starts")
    func refusals() async throws {
        try await ReceiverHarness.withHost { _, host in
            let receiver = try ReceiverHarness.receiver(host: host)
            func send(_ path: String, _ request: (headers: [String: String], body: [UInt8]), now: Date = Date())
                async -> ReceiverAnswer
            {
                await receiver.handle(
                    path: path,
                    headers: request.headers,
                    body: request.body,
                    remoteAddress: nil,
                    now: now
                )
            }
            let forged = ReceiverHarness.github(delivery: "d-forged", secret: "not-the-secret-0123456789")
            #expect(await send("/github", forged).status == 401)
            var tampered = ReceiverHarness.github(delivery: "d-tampered")
            tampered.body[tampered.body.count - 2] ^= 1
            #expect(await send("/github", tampered).status == 401)
            let stranger = ReceiverHarness.github(delivery: "d-stranger", sender: "mallory")
            let unmapped = await send("/github", stranger)
            #expect(unmapped.status == 403)
            #expect(unmapped.body["error"]?["code"] == "unmapped_principal")
            let body = Array(#"{"id":"evt-1","repo":"acme/widgets","pull":4}"#.utf8)
            let old = Date().addingTimeInterval(-600)
            var headers: [String: String] = [:]
            for (name, value) in WebhookSigner(
                .timestamped(header: "Webhook-Signature"),
                secret: ReceiverHarness.genericSecret
            )
            .headers(for: body, at: old) {
                headers[name.lowercased()] = value
            }
            let stale = await send("/generic", (headers, body))
            #expect(stale.status == 401)
            #expect(stale.body["error"]?["message"]?.stringValue?.contains("seconds away") == true)
            let large =
                Array(#"{"id":"evt-2","repo":"acme/widgets","pull":4,"pad":""#.utf8)
                + Array(repeating: UInt8(ascii: "x"), count: 600) + Array(#""}"#.utf8)
            var largeHeaders: [String: String] = [:]
            for (name, value) in WebhookSigner(
                .timestamped(header: "Webhook-Signature"),
                secret: ReceiverHarness.genericSecret
            )
            .headers(for: large, at: Date()) {
                largeHeaders[name.lowercased()] = value
            }
            #expect(await send("/generic", (largeHeaders, large)).status == 413)
            #expect(await send("/nowhere", ReceiverHarness.github(delivery: "d-x")).status == 404)
            var otherEvent = ReceiverHarness.github(delivery: "d-push")
            otherEvent.headers["x-github-event"] = "push"
            #expect(await send("/github", otherEvent).status == 202)
            #expect(try await ReceiverHarness.runIDs(host: host).isEmpty)
            // The generic sender, signed now, starts its run.
            var fresh: [String: String] = [:]
            for (name, value) in WebhookSigner(
                .timestamped(header: "Webhook-Signature"),
                secret: ReceiverHarness.genericSecret
            )
            .headers(for: body, at: Date()) {
                fresh[name.lowercased()] = value
            }
            let started = await send("/generic", (fresh, body))
            #expect(started.status == 201, "\(started)")
            #expect(try await ReceiverHarness.runIDs(host: host).count == 1)
        }
    }

    @Test("the run input is mapped from the delivery, and the run starts the github review summary")
    func runInput() async throws {
        try await ReceiverHarness.withHost { rig, host in
            let receiver = try ReceiverHarness.receiver(host: host)
            let delivery = ReceiverHarness.github(delivery: "d-input")
            let answer = await receiver.handle(
                path: "/github",
                headers: delivery.headers,
                body: delivery.body,
                remoteAddress: nil,
                now: Date()
            )
            let runID = try #require(answer.body["run_id"]?.stringValue, "\(answer)")
            let run = try await rig.run(runID)
            #expect(run.input["repo"] == "acme/widgets")
            #expect(run.input["pull_number"] == 4)
            #expect(run.input["delivery_id"] == "d-input")
            #expect(run.input["sender"] == "octocat")
        }
    }

    @Test("configuration errors name the source and field, never a secret")
    func configurationErrors() {
        let missingPrincipals =
            #"{"sources":[{"id":"a","path":"/a","workflow":"w","event_id":"header:X","verify":{"scheme":"github","secret_env":"GH_SECRET"}}]}"#
        #expect(throws: ReceiverConfigurationError.self) {
            _ = try ReceiverConfiguration.sources(
                json: missingPrincipals,
                environment: ReceiverHarness.environment,
                secrets: SecretRegistry()
            )
        }
        let badScheme =
            #"{"sources":[{"id":"a","path":"/a","workflow":"w","event_id":"header:X","verify":{"scheme":"md5","secret_env":"GH_SECRET"},"principals":[{"api_key_env":"RECEIVER_KEY","tenant":"t"}]}]}"#
        do {
            _ = try ReceiverConfiguration.sources(
                json: badScheme,
                environment: ReceiverHarness.environment,
                secrets: SecretRegistry()
            )
            Issue.record("an unknown scheme was accepted")
        } catch {
            #expect(error.description.contains("md5") && error.description.contains("github"))
            #expect(!error.description.contains(ReceiverHarness.githubSecret))
        }
    }
}
