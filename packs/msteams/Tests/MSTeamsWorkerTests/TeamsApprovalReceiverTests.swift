import EmulatorKit
import Foundation
import JSONSchema
import MSTeamsEmulator
import MSTeamsWorker
import StructuredData
import Testing
import WorkerKit

/// The card-action receiver against the emulator's Bot Framework keys: only a valid token from a mapped user decides,
/// and the cards the pack produces are valid Adaptive Cards 1.5.
@Suite("Teams approval receiver")
struct TeamsApprovalReceiverTests {
    actor RecordingDecider: ApprovalDeciding {
        var calls: [(approval: String, digest: String, approve: Bool, principal: String)] = []
        func decide(approval: String, digest: String, approve: Bool, person: String, principal: String) async throws
            -> ApprovalDecision
        {
            calls.append((approval, digest, approve, principal))
            return ApprovalDecision(outcome: approve ? "approved" : "rejected", principal: principal)
        }
    }

    static let principals = ApprovalPrincipals([
        MSTeamsDemo.alice: "alice@contoso.example", "\(MSTeamsDemo.tenantID):\(MSTeamsDemo.bob)": "bob",
    ])

    func activity(user: String, verb: String = TeamsApprovalCard.approveVerb) -> [UInt8] {
        let json: JSONValue = [
            "type": "invoke", "name": "adaptiveCard/action", "channelId": "msteams",
            "from": ["id": "29:1abc", "aadObjectId": .string(user), "name": "Someone"],
            "conversation": ["id": "19:approvals@thread.tacv2", "tenantId": .string(MSTeamsDemo.tenantID)],
            "value": [
                "action": [
                    "type": "Action.Execute", "verb": .string(verb),
                    "data": ["approval_id": "apr-1", "digest": "sha256:abc"],
                ]
            ],
        ]
        return Array(JSONEncoding.compact(json).utf8)
    }

    func withReceiver(
        _ body: (TeamsApprovalReceiver, RecordingDecider, JWKSTokenVerifier) async throws -> Void
    ) async throws {
        let emulator = try await Emulator.start(try MSTeamsEmulator.definition(), port: 0)
        do {
            let verifier = JWKSTokenVerifier(
                openIDConfiguration: MSTeamsBotFramework.openIDConfigurationURL(baseURL: emulator.baseURL),
                issuers: [MSTeamsBotFramework.issuer],
                audiences: [MSTeamsDemo.clientID],
                // A full test run on two cores can hold a request for seconds; the default 10 s is for a real issuer.
                fetchTimeout: .seconds(60)
            )
            let decider = RecordingDecider()
            try await body(
                TeamsApprovalReceiver(verifier: verifier, principals: Self.principals, decider: decider),
                decider,
                verifier
            )
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    @Test("a valid token from a mapped user decides the card's approval and digest and replaces the card")
    func validDecides() async throws {
        try await withReceiver { receiver, decider, verifier in
            let token = try await MSTeamsBotFramework.token(audience: MSTeamsDemo.clientID)
            let answer = await receiver.handle(
                authorization: "Bearer \(token)",
                body: activity(user: MSTeamsDemo.alice)
            )
            #expect(answer.status == 200 && answer.decided)
            #expect(answer.body["type"] == "application/vnd.microsoft.card.adaptive")
            #expect(
                answer.body["value"]?["body"]?.arrayValue?.dropFirst(0).first?["text"]?.stringValue?.contains(
                    "Approved by alice@contoso.example"
                ) == true
            )
            let calls = await decider.calls
            #expect(calls.count == 1)
            #expect(
                calls.first?.approval == "apr-1" && calls.first?.digest == "sha256:abc" && calls.first?.approve == true
            )
            // A tenant-qualified mapping works, and a second press reuses the cached keys.
            let reject = await receiver.handle(
                authorization: "Bearer \(token)",
                body: activity(user: MSTeamsDemo.bob, verb: TeamsApprovalCard.rejectVerb)
            )
            let last = await decider.calls.last
            #expect(reject.decided && last?.principal == "bob" && last?.approve == false)
            #expect(await verifier.fetches == 1)
        }
    }

    @Test(
        "expired, wrong-audience and wrongly signed tokens and unmapped users decide nothing",
        arguments: ["expired", "audience", "signature", "unmapped", "missing"]
    )
    func refusals(_ kind: String) async throws {
        try await withReceiver { receiver, decider, _ in
            let token: String? =
                switch kind {
                case "expired":
                    try await MSTeamsBotFramework.token(
                        audience: MSTeamsDemo.clientID,
                        issuedAt: Date().addingTimeInterval(-7_200),
                        lifetime: 3_600
                    )
                case "audience": try await MSTeamsBotFramework.token(audience: "00000000-0000-4000-8000-000000000000")
                case "signature":
                    try await MSTeamsBotFramework.token(audience: MSTeamsDemo.clientID, signedByPublishedKey: false)
                case "missing": nil
                default: try await MSTeamsBotFramework.token(audience: MSTeamsDemo.clientID)
                }
            let user = kind == "unmapped" ? MSTeamsDemo.carol : MSTeamsDemo.alice
            let answer = await receiver.handle(authorization: token.map { "Bearer \($0)" }, body: activity(user: user))
            #expect(!answer.decided)
            #expect(await decider.calls.isEmpty)
            switch kind {
            case "unmapped":
                #expect(answer.status == 200)
                #expect(answer.body["type"] == "application/vnd.microsoft.activity.message")
            case "expired":
                #expect(answer.status == 401 && answer.body["error"]?.stringValue?.hasPrefix("expired") == true)
            case "audience":
                #expect(answer.status == 401 && answer.body["error"]?.stringValue?.hasPrefix("wrong_audience") == true)
            case "signature":
                #expect(answer.status == 401 && answer.body["error"]?.stringValue?.hasPrefix("bad_signature") == true)
            default: #expect(answer.status == 401)
            }
        }
    }

    /// The Adaptive Card 1.5 schema, as Microsoft publishes it (Tests/contract/adaptive-card-1.5.json).
    static func cardSchema() throws -> JSONSchema {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("contract/adaptive-card-1.5.json")
        return try JSONSchema(try JSONParser.parse(try String(contentsOf: url, encoding: .utf8)))
    }

    @Test("the pending and decided approval cards are valid Adaptive Cards 1.5")
    func cardsValidate() throws {
        let schema = try Self.cardSchema()
        let pending = TeamsApprovalCard.pending(
            PendingApproval(
                approval: "apr-1",
                digest: "sha256:abc",
                topic: "job.msteams.channels.create",
                capability: "msteams.channels.create",
                pack: "msteams",
                inputs: ["team_id": "t", "display_name": "inc-1"],
                message: "Create inc-1?"
            )
        )
        #expect(schema.validate(pending).isEmpty, "\(schema.validate(pending))")
        let outcome = TeamsApprovalCard.outcome(
            ApprovalDecision(outcome: "approved", principal: "a"),
            approval: "apr-1"
        )
        #expect(schema.validate(outcome).isEmpty)
        // A card the schema refuses: an unknown element type.
        let broken: JSONValue = ["type": "AdaptiveCard", "version": "1.5", "body": [["type": "Blink", "text": "x"]]]
        #expect(!schema.validate(broken).isEmpty)
    }
}
