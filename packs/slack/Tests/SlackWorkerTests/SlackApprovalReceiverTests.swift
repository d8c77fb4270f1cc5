import Foundation
import SlackWorker
import StructuredData
import Testing
import WorkerKit

/// The interactivity receiver: only a correctly signed, fresh, first-seen request from a mapped user decides, and
/// only the approval and digest its button carried.
@Suite("Slack approval receiver")
struct SlackApprovalReceiverTests {
    actor RecordingDecider: ApprovalDeciding {
        var calls: [(approval: String, digest: String, approve: Bool, person: String, principal: String)] = []

        func decide(approval: String, digest: String, approve: Bool, person: String, principal: String) async throws
            -> ApprovalDecision
        {
            calls.append((approval, digest, approve, person, principal))
            return ApprovalDecision(outcome: approve ? "approved" : "rejected", principal: principal)
        }
    }

    static let secret = "8f742231b10e8888abcd99yyyzzz85a5"
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func body(user: String = "U0ALICE", action: String = "cordum_approve", value: String = "apr-1 sha256:abc")
        -> [UInt8]
    {
        let payload: JSONValue = [
            "type": "block_actions", "user": ["id": .string(user), "team_id": "T0DEMO000"],
            "actions": [["action_id": .string(action), "value": .string(value)]],
        ]
        let encoded = JSONEncoding.compact(payload).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return Array("payload=\(encoded)".utf8)
    }

    func headers(_ body: [UInt8], at time: Date, secret: String = secret) -> [String: String] {
        let timestamp = String(Int(time.timeIntervalSince1970))
        let signer = SignedRequestVerifier(secret: secret)
        return [
            "x-slack-request-timestamp": timestamp,
            "x-slack-signature": signer.signature(timestamp: timestamp, body: body),
        ]
    }

    func receiver(_ decider: RecordingDecider) -> SlackApprovalReceiver {
        SlackApprovalReceiver(
            verifier: SignedRequestVerifier(secret: Self.secret),
            principals: ApprovalPrincipals(["U0ALICE": "alice@example.com", "T0DEMO000:U0BOB": "bob"]),
            decider: decider
        )
    }

    @Test("a correctly signed press of a mapped user decides exactly the shown digest")
    func decides() async throws {
        let decider = RecordingDecider()
        let body = body()
        let answer = await receiver(decider).handle(
            headers: headers(body, at: now),
            body: body,
            now: now.addingTimeInterval(30)
        )
        #expect(answer.status == 200 && answer.decided)
        #expect(answer.body["replace_original"] == true)
        #expect(answer.body["text"]?.stringValue?.contains("Approved by alice@example.com") == true)
        let calls = await decider.calls
        #expect(calls.count == 1)
        #expect(calls.first?.approval == "apr-1" && calls.first?.digest == "sha256:abc")
        #expect(calls.first?.approve == true && calls.first?.principal == "alice@example.com")
    }

    @Test("a reject press of a team-mapped user rejects")
    func rejects() async throws {
        let decider = RecordingDecider()
        let body = body(user: "U0BOB", action: "cordum_reject")
        let answer = await receiver(decider).handle(headers: headers(body, at: now), body: body, now: now)
        #expect(answer.decided)
        #expect(await decider.calls.map(\.approve) == [false])
        #expect(await decider.calls.map(\.principal) == ["bob"])
    }

    @Test("wrong secret, changed body, missing headers: refused with 401 and nothing decided")
    func wronglySigned() async throws {
        let decider = RecordingDecider()
        let receiver = receiver(decider)
        let body = body()
        let wrong = await receiver.handle(
            headers: headers(body, at: now, secret: "another-secret"),
            body: body,
            now: now
        )
        #expect(wrong.status == 401)
        let tampered = await receiver.handle(
            headers: headers(body, at: now),
            body: self.body(value: "apr-1 sha256:other"),
            now: now
        )
        #expect(tampered.status == 401)
        let unsigned = await receiver.handle(headers: [:], body: body, now: now)
        #expect(unsigned.status == 401)
        #expect(await decider.calls.isEmpty)
    }

    @Test("a timestamp older than five minutes is refused")
    func stale() async throws {
        let decider = RecordingDecider()
        let body = body()
        let answer = await receiver(decider).handle(
            headers: headers(body, at: now),
            body: body,
            now: now.addingTimeInterval(301)
        )
        #expect(answer.status == 401)
        #expect(answer.body["error"]?.stringValue?.contains("5-minute") == true)
        #expect(await decider.calls.isEmpty)
    }

    @Test("the same signed request twice decides once")
    func replay() async throws {
        let decider = RecordingDecider()
        let receiver = receiver(decider)
        let body = body()
        let signed = headers(body, at: now)
        let first = await receiver.handle(headers: signed, body: body, now: now)
        let second = await receiver.handle(headers: signed, body: body, now: now.addingTimeInterval(5))
        #expect(first.decided && !second.decided)
        #expect(second.status == 401)
        #expect(await decider.calls.count == 1)
    }

    @Test("a user without a principal is refused and nothing is decided")
    func unmapped() async throws {
        let decider = RecordingDecider()
        let body = body(user: "U0CAROL")
        let answer = await receiver(decider).handle(headers: headers(body, at: now), body: body, now: now)
        #expect(answer.status == 200 && !answer.decided)
        #expect(answer.body["response_type"] == "ephemeral")
        #expect(await decider.calls.isEmpty)
        // U0BOB is mapped only for team T0DEMO000.
        #expect(ApprovalPrincipals(["T0DEMO000:U0BOB": "bob"]).principal(user: "U0BOB", team: "T0OTHER") == nil)
    }

    @Test("the approval message shows topic, capability, pack, inputs and digest, and its buttons carry the digest")
    func message() {
        let pending = SlackApprovalMessage.Pending(
            approval: "apr-9",
            digest: "sha256:feed",
            topic: "job.github.pulls.merge",
            capability: "github.pulls.merge",
            pack: "github",
            inputs: ["repo": "acme/widgets", "pull_number": 4]
        )
        let message = SlackApprovalMessage.pending(pending)
        let text = JSONEncoding.compact(message["blocks"] ?? .null)
        for fact in ["job.github.pulls.merge", "github.pulls.merge", "`github`", "sha256:feed", "acme/widgets"] {
            #expect(text.contains(fact), "the message does not show \(fact)")
        }
        let buttons = message["blocks"]?.arrayValue?.last?["elements"]?.arrayValue ?? []
        #expect(buttons.map { $0["value"]?.stringValue } == ["apr-9 sha256:feed", "apr-9 sha256:feed"])
        #expect(buttons.map { $0["action_id"]?.stringValue } == ["cordum_approve", "cordum_reject"])
    }

    @Test("the receiver of a profile takes its signing secret and the configured approvers")
    func fromConfiguration() async throws {
        let configuration = try SlackConfiguration(
            environment: [
                "CORDUM_SLACK_TOKEN": "xoxb-1", "SIGNING": Self.secret, "CORDUM_SLACK_SIGNING_SECRET_ENV": "SIGNING",
                "CORDUM_SLACK_APPROVERS": #"{"U0ALICE": "alice"}"#,
            ]
        )
        let decider = RecordingDecider()
        let receiver = try SlackApprovalReceiver(configuration: configuration, decider: decider)
        let body = body()
        let answer = await receiver.handle(headers: headers(body, at: now), body: body, now: now)
        #expect(answer.decided)
        #expect(await decider.calls.map(\.principal) == ["alice"])
        let unsigned = try SlackConfiguration(environment: ["CORDUM_SLACK_TOKEN": "xoxb-1"])
        #expect(throws: (any Error).self) { _ = try SlackApprovalReceiver(configuration: unsigned, decider: decider) }
    }

    @Test("CORDUM_SLACK_APPROVERS is read as a JSON object; anything else names the variable")
    func approversVariable() throws {
        let map = try ApprovalPrincipals(environment: ["CORDUM_SLACK_APPROVERS": #"{"U0ALICE": "alice"}"#])
        #expect(map.principal(user: "U0ALICE", team: nil) == "alice")
        #expect(throws: (any Error).self) { _ = try ApprovalPrincipals(environment: ["CORDUM_SLACK_APPROVERS": "[1]"]) }
    }
}
