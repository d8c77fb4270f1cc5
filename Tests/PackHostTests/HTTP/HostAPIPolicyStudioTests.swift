import Foundation
import HTTPTypes
import PackHost
import StructuredData
import Testing

/// Cordum's policy routes: explain in evaluate's shape, protojson field names, and the policy studio (edit,
/// simulate, snapshot, publish, roll back), admin-only and audited.
@Suite struct HostAPIPolicyStudioTests {
    static let exports = """
        version: v1
        rules:
          - id: no-exports
            match:
              topics: ["job.sdk.*"]
            decision: deny
            reason: exports are closed
        """

    @Test func explainSharesEvaluatesShapeAndRequestsTakeProtojsonNames() async throws {
        let host = try APITestHost()
        try await host.test { api in
            let a = APITestHost.Key.alice
            _ = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            let snake: JSONValue = ["topic": "job.hello.wave", "risk_tags": ["read"], "job_id": "j1"]
            let camel: JSONValue = ["topic": "job.hello.wave", "meta": ["riskTags": ["read"]], "jobId": "j1"]
            let evaluated = try await api.call(.post, "/policy/evaluate", key: a, json: snake)
            #expect(evaluated.json["decision"]?.stringValue == "DECISION_TYPE_DENY", "\(evaluated.body)")
            let viaCamel = try await api.call(.post, "/policy/evaluate", key: a, json: camel)
            #expect(viaCamel.json == evaluated.json)
            let explained = try await api.call(.post, "/policy/explain", key: a, json: camel)
            #expect(explained.json["decision"] == evaluated.json["decision"])
            #expect(explained.json["ruleId"] == evaluated.json["ruleId"])
            #expect(explained.json["explanation"]?["matched_rule"]?["rule_id"]?.stringValue == "hello-undeclared")
            let typo = try await api.call(.post, "/policy/evaluate", key: a, json: ["topic": "job.x", "riskTag": []])
            #expect(typo.errorCode == "invalid_argument")
        }
    }

    @Test func aBundleIsEditedSimulatedPublishedRolledBackAndAudited() async throws {
        let host = try APITestHost()
        try await host.test { api in
            let a = APITestHost.Key.alice
            _ = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            let export: JSONValue = ["topic": "job.sdk.export"]
            func decision() async throws -> String? {
                try await api.call(.post, "/policy/evaluate", key: a, json: export).json["decision"]?.stringValue
            }
            let draft: JSONValue = ["content": .string(Self.exports), "enabled": false, "message": "draft"]
            #expect(try await api.call(.put, "/policy/bundles/secops~exports", key: a, json: draft).status == 403)
            let packOwned = try await api.call(.put, "/policy/bundles/hello~safety", json: draft)
            #expect(packOwned.errorCode == "invalid_argument")
            let broken = try await api.call(.put, "/policy/bundles/secops~broken", json: ["content": "rules: 7"])
            #expect(broken.errorCode == "invalid_argument")
            let saved = try await api.call(.put, "/policy/bundles/secops~exports", json: draft)
            #expect(saved.json["enabled"]?.boolValue == false, "\(saved.body)")
            #expect(try await decision() == "DECISION_TYPE_ALLOW")
            let simulated = try await api.call(
                .post,
                "/policy/bundles/secops~exports/simulate",
                key: a,
                json: ["request": export, "content": .string(Self.exports)]
            )
            #expect(simulated.json["decision"]?.stringValue == "DECISION_TYPE_DENY", "\(simulated.body)")

            #expect(try await api.call(.post, "/policy/bundles/snapshots", key: a, json: [:]).status == 403)
            let snapshot = try await api.call(.post, "/policy/bundles/snapshots", json: ["note": "before"])
            let snapshotID = try #require(snapshot.json["id"]?.stringValue, "\(snapshot.body)")
            let listed = try await api.call(.get, "/policy/bundles/snapshots", key: a)
            #expect(listed.json["items"]?.arrayValue?.first?["id"]?.stringValue == snapshotID)
            #expect(listed.json["items"]?.arrayValue?.first?["bundles"] == nil)
            let read = try await api.call(.get, "/policy/bundles/snapshots/\(snapshotID)", key: a)
            #expect(read.json["bundles"]?["secops/exports"]?["enabled"]?.boolValue == false)

            #expect(try await api.call(.post, "/policy/publish", key: a, json: [:]).status == 403)
            let published = try await api.call(.post, "/policy/publish", json: ["bundle_ids": ["secops/exports"]])
            #expect(published.json["published"] == ["secops/exports"], "\(published.body)")
            #expect(try await decision() == "DECISION_TYPE_DENY")
            let rules = try await api.call(.get, "/policy/rules", key: a)
            #expect(rules.json["items"]?.arrayValue?.contains { $0["id"]?.stringValue == "no-exports" } == true)

            #expect(
                try await api.call(.post, "/policy/rollback", key: a, json: ["snapshot_id": .string(snapshotID)]).status
                    == 403
            )
            let rolled = try await api.call(.post, "/policy/rollback", json: ["snapshot_id": .string(snapshotID)])
            #expect(rolled.json["rollback_to"]?.stringValue == snapshotID, "\(rolled.body)")
            #expect(try await decision() == "DECISION_TYPE_ALLOW")
            let missing = try await api.call(.post, "/policy/rollback", json: ["snapshot_id": "nope"])
            #expect(missing.errorCode == "not_found")
            // The pack's own fragment is untouched by the rollback.
            let bundles = try await api.call(.get, "/policy/bundles", key: a)
            #expect(bundles.json["bundles"]?["hello/safety"] != nil)

            #expect(try await api.call(.get, "/policy/audit", key: a).status == 403)
            let audit = try await api.call(.get, "/policy/audit")
            let actions = audit.json["items"]?.arrayValue?.compactMap { $0["action"]?.stringValue } ?? []
            #expect(actions.contains("publish") && actions.contains("rollback") && actions.contains("snapshot"))
            #expect(actions.contains("bundle.new"), "\(actions)")
            let publish = audit.json["items"]?.arrayValue?.first { $0["action"]?.stringValue == "publish" }
            #expect(publish?["actor_id"]?.stringValue == "root")
            #expect(publish?["bundle_ids"] == ["secops/exports"])
            #expect(!audit.body.contains("exports are closed"), "the audit names bundles, never their content")
        }
    }
}
