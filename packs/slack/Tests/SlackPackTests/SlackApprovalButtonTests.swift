import AsyncHTTPClient
import EmulatorKit
import Foundation
import Hummingbird
import Logging
import PackHost
import PackTesting
import ServerTesting
import SlackEmulator
import SlackWorker
import StructuredData
import Testing
import WorkerKit
import WorkflowEngine

/// The approval buttons end to end: a real host serving its API (the event stream and the outside-approval
/// callback) with a Slack integration, the relay posting the pending approval to the Slack emulator, Slack's signed
/// button press handed to the receiver, the host deciding exactly that digest, the run finishing and the message
/// replaced by the outcome and who decided.
@Suite("Slack approval buttons on a host")
struct SlackApprovalButtonTests {
    static let integrationSecret = "slack-integration-secret-0123456789"
    static let signingSecret = "8f742231b10e8888abcd99yyyzzz85a5"
    static let streamKey = "ck_test_slack_stream_key_0123456789"
    static let channel = "C0INCIDENTS"

    /// A Slack button press as Slack sends it (`payload=<JSON>`, form-encoded), and its signed headers.
    static func press(
        user: String,
        approval: String,
        digest: String,
        action: String = SlackApprovalReceiver.approveAction,
        at time: Date = Date(),
        secret: String = signingSecret
    ) -> (headers: [String: String], body: [UInt8]) {
        let payload: JSONValue = [
            "type": "block_actions", "user": ["id": .string(user), "team_id": "T0DEMO000"],
            "actions": [["action_id": .string(action), "value": .string("\(approval) \(digest)")]],
        ]
        let encoded = JSONEncoding.compact(payload).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let body = Array("payload=\(encoded)".utf8)
        let timestamp = String(Int(time.timeIntervalSince1970))
        return (
            [
                "x-slack-request-timestamp": timestamp,
                "x-slack-signature": SignedRequestVerifier(secret: secret).signature(timestamp: timestamp, body: body),
            ],
            body
        )
    }

    /// Runs `body` with the rig (the host has the `slack` integration: Slack users U0CAROL → carol, U0ALICE → alice,
    /// the requester), the host API served on a loopback port, the relay following its stream, and the receiver.
    func withButtons(
        _ body: (PackRig, Emulator<SeededState<SlackWorld>>, SlackApprovalRelay, SlackApprovalReceiver) async throws ->
            Void
    ) async throws {
        let pack = try PackUnderTest(id: "slack", worker: SlackWorker.registration, emulator: nil)
        let emulator = try await Emulator.start(try SlackEmulator.definition(), port: 0)
        var options = PackRigOptions(emulator: emulator.running)
        let people = ["U0CAROL": "carol", "U0ALICE": PackRig.requester]
        options.hostConfiguration.approvalIntegrations = [
            ApprovalIntegration(id: "slack", secret: Self.integrationSecret, tenants: [PackRig.tenant], people: people)
        ]
        try await withPackRig(pack, options) { rig in
            let keys = APIKeyStore(keys: [
                APIKey(
                    id: "slack",
                    principal: "slack-relay",
                    tenants: [PackRig.tenant],
                    admin: false,
                    sha256: APIKey.hash(Self.streamKey)
                )
            ])
            let server = HostServer(
                services: rig.services,
                configuration: HostServer.Configuration(host: "127.0.0.1", port: 0)
            )
            let port = AsyncStream<Int>.makeStream()
            let serving = Task {
                defer { port.continuation.finish() }
                try await server.makeApplication(keys: keys) { bound in port.continuation.yield(bound) }.runService()
            }
            var ports = port.stream.makeAsyncIterator()
            guard let bound = await ports.next() else {
                throw HostNotServing(result: "\(await serving.result)")
            }
            let environment = emulator.workerSettings.merging([
                "CORDUM_SLACK_APPROVALS_CHANNEL": Self.channel, "SIGNING": Self.signingSecret,
                "CORDUM_SLACK_SIGNING_SECRET_ENV": "SIGNING",
                "CORDUM_SLACK_APPROVERS": JSONEncoding.compact(.object(people.mapValues(JSONValue.string))),
                "CORDUM_SLACK_HOST_URL": "http://127.0.0.1:\(bound)", "CORDUM_SLACK_HOST_TENANT": PackRig.tenant,
                "CORDUM_SLACK_HOST_API_KEY": Self.streamKey, "CORDUM_SLACK_HOST_INTEGRATION": "slack",
                "INTEGRATION": Self.integrationSecret, "CORDUM_SLACK_HOST_INTEGRATION_SECRET_ENV": "INTEGRATION",
            ]) { _, new in new }
            let configuration = try SlackConfiguration(environment: environment)
            let host = try #require(try SlackHostSettings.fromEnvironment(environment))
            let clock = rig.clock
            let decider = HostApprovalDecider(settings: host, timeout: .seconds(60)) {
                Date(timeIntervalSince1970: Double(clock.now().milliseconds) / 1000)
            }
            let receiver = try SlackApprovalReceiver(configuration: configuration, decider: decider)
            let notifier = try SlackApprovalNotifier(
                configuration: configuration,
                http: SlackWorker.makeClient(settings: configuration.settings)
            )
            let relay = SlackApprovalRelay(notifier: notifier, settings: host, logger: Logger(label: "test"))
            let following = Task { await relay.run(from: 0) }
            // Stops the relay and the server (and waits for both) whether the body passes or throws.
            func stop() async {
                following.cancel()
                serving.cancel()
                await following.value
                _ = await serving.result
            }
            do {
                try await body(rig, emulator, relay, receiver)
            } catch {
                await stop()
                throw error
            }
            await stop()
        }
    }

    func message(_ emulator: Emulator<SeededState<SlackWorld>>, _ posted: SlackApprovalNotifier.Posted)
        -> SlackWorld.Message?
    {
        emulator.state.withLock { world in
            world.channels.first { $0.id == posted.channel }?.messages.first { $0.ts == posted.ts }
        }
    }

    @Test("a signed press of a mapped user decides exactly the digest shown; the run finishes; the message says who")
    func buttonDecides() async throws {
        try await withButtons { rig, emulator, relay, receiver in
            let input: JSONValue = ["channel": "C0DEPLOYMENTS", "question": "Deploy api 1.4.2?", "key": "deploy-1"]
            let id = try await rig.start("slack.approval.request", input)
            let approval = try #require(try await rig.pending(run: id).first)
            #expect(try await eventually { await relay.message(of: approval.id) != nil })
            let posted = try #require(await relay.message(of: approval.id))
            #expect(posted.channel == Self.channel)
            let shown = JSONEncoding.compact(try #require(message(emulator, posted)?.blocks))
            #expect(shown.contains("\(approval.id) \(approval.digest)") && shown.contains("Deploy api 1.4.2?"))

            // Refused before the host is asked: wrong secret, stale, unmapped; refused by the host: another digest,
            // and the requester approving her own run.
            let forged = Self.press(user: "U0CAROL", approval: approval.id, digest: approval.digest, secret: "x")
            #expect(await receiver.handle(headers: forged.headers, body: forged.body).status == 401)
            let stale = Self.press(
                user: "U0CAROL",
                approval: approval.id,
                digest: approval.digest,
                at: Date().addingTimeInterval(-301)
            )
            #expect(await receiver.handle(headers: stale.headers, body: stale.body).status == 401)
            let unmapped = Self.press(user: "U0MALLORY", approval: approval.id, digest: approval.digest)
            #expect(await receiver.handle(headers: unmapped.headers, body: unmapped.body).decided == false)
            let otherDigest = Self.press(
                user: "U0CAROL",
                approval: approval.id,
                digest: String(repeating: "0", count: 64)
            )
            let other = await receiver.handle(headers: otherDigest.headers, body: otherDigest.body)
            #expect(!other.decided)
            #expect(other.body["text"]?.stringValue?.contains("conflict") == true)
            let own = Self.press(user: "U0ALICE", approval: approval.id, digest: approval.digest)
            let refused = await receiver.handle(headers: own.headers, body: own.body)
            #expect(!refused.decided)
            #expect(refused.body["text"]?.stringValue?.contains("forbidden") == true)
            #expect(try await rig.pending(run: id).map(\.id) == [approval.id])

            let press = Self.press(user: "U0CAROL", approval: approval.id, digest: approval.digest)
            let answer = await receiver.handle(headers: press.headers, body: press.body)
            #expect(answer.status == 200 && answer.decided, "\(answer.body)")
            #expect(answer.body["text"]?.stringValue == "Approved by carol (approval \(approval.id)).")
            // The same request again is a replay: nothing more is decided.
            let replayed = await receiver.handle(headers: press.headers, body: press.body)
            #expect(replayed.status == 401 && !replayed.decided)

            await rig.host.settle()
            #expect(try await eventually { try await rig.run(id).status == .succeeded })
            let decided = try await rig.host.approval(approval.id, tenant: PackRig.tenant)
            #expect(decided.grants.map(\.principal) == ["carol"])
            #expect(decided.digest == approval.digest)
            #expect(
                try await eventually {
                    message(emulator, posted)?.text == "Approved by carol (approval \(approval.id))."
                }
            )
            let blocks: JSONValue = message(emulator, posted)?.blocks ?? .null
            #expect(!JSONEncoding.compact(blocks).contains("cordum_approve"))
        }
    }

    @Test("an approval decided elsewhere updates the Slack message too")
    func decidedElsewhere() async throws {
        try await withButtons { rig, emulator, relay, _ in
            let input: JSONValue = ["channel": "C0DEPLOYMENTS", "question": "Rotate the key?", "key": "rotate-1"]
            let id = try await rig.start("slack.approval.request", input)
            let approval = try #require(try await rig.pending(run: id).first)
            #expect(try await eventually { await relay.message(of: approval.id) != nil })
            let posted = try #require(await relay.message(of: approval.id))
            _ = try await rig.host.reject(
                approval.id,
                tenant: PackRig.tenant,
                principal: PackRig.approver,
                reason: "not now"
            )
            #expect(
                try await eventually {
                    message(emulator, posted)?.text == "Rejected by \(PackRig.approver) (approval \(approval.id))."
                }
            )
        }
    }
}

/// The host API did not start.
struct HostNotServing: Error {
    var result: String
}
