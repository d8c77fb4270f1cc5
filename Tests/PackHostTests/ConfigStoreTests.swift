import PolicyKernel
import StructuredData
import Testing
import WorkflowEngine

@testable import PackHost

@Suite("Config store")
struct ConfigStoreTests {
    let time = Timestamp(seconds: 1_768_730_400)

    @Test("set bumps the revision; the system scope's empty id is default; other scopes need an id")
    func revisions() throws {
        let database = try InstallFixture.database()
        let first = try database.write { db in
            try ConfigStore.set(.system, "", data: ["a": 1], at: time, in: db)
        }
        #expect(first.scopeID == "default")
        #expect(first.revision == 1)
        let second = try database.write { db in
            try ConfigStore.set(.system, "default", data: ["a": 2], at: time, in: db)
        }
        #expect(second.revision == 2)
        #expect(second.key == "cfg:system:default")
        #expect(throws: HostError.self) {
            try database.write { db in try ConfigStore.set(.org, "", data: [:], at: time, in: db) }
        }
    }

    @Test("a write based on a stale revision is a conflict and changes nothing")
    func compareAndSet() throws {
        let database = try InstallFixture.database()
        try database.write { db in _ = try ConfigStore.set(.org, "acme", data: ["x": 1], at: time, in: db) }
        let error = #expect(throws: HostError.self) {
            try database.write { db in
                try ConfigStore.set(.org, "acme", data: ["x": 2], expectedRevision: 0, at: time, in: db)
            }
        }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("revision 1") == true)
        let stored = try database.read { db in try ConfigStore.get(.org, "acme", in: db) }
        #expect(stored?.data["x"] == 1)
        let updated = try database.write { db in
            try ConfigStore.set(.org, "acme", data: ["x": 3], expectedRevision: 1, at: time, in: db)
        }
        #expect(updated.revision == 2)
    }

    @Test("effective config: system default, then org, team, workflow and step, key by key")
    func effective() throws {
        let database = try InstallFixture.database()
        let merged = try database.write { db in
            try ConfigStore.set(.system, data: ["a": "system", "b": "system", "c": "system"], at: time, in: db)
            try ConfigStore.set(.org, "acme", data: ["b": "org"], at: time, in: db)
            try ConfigStore.set(.team, "red", data: ["c": ["nested": true]], at: time, in: db)
            try ConfigStore.set(.step, "wf.step", data: ["d": "step"], at: time, in: db)
            return try ConfigStore.effective(orgID: "acme", teamID: "red", stepID: "wf.step", in: db)
        }
        #expect(merged == ["a": "system", "b": "org", "c": ["nested": true], "d": "step"])
    }

    @Test("capitalized pools and timeouts keys are refused with the lowercase spelling")
    func pascalCase() throws {
        let database = try InstallFixture.database()
        let error = #expect(throws: HostError.self) {
            try database.write { db in
                try ConfigStore.set(.system, data: ["pools": ["Topics": ["job.default": "default"]]], at: time, in: db)
            }
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("\"Topics\"") == true)
        #expect(error?.message.contains("\"topics\"") == true)
        let nested = #expect(throws: HostError.self) {
            try database.write { db in
                try ConfigStore.set(
                    .system,
                    data: ["pools": ["pools": ["default": ["Requires": []]]]],
                    at: time,
                    in: db
                )
            }
        }
        #expect(nested?.message.contains("data.pools.pools.default") == true)
        // Pack-chosen names may hold capitals.
        try database.write { db in
            _ = try ConfigStore.set(.system, data: ["pools": ["topics": ["job.x.Y": "X"]]], at: time, in: db)
        }
    }

    @Test("every write is audited as config.changed with the revision and a digest, never the data")
    func audited() throws {
        let database = try InstallFixture.database()
        try database.write { db in
            _ = try ConfigStore.set(.system, data: ["secret_like": "value-not-in-audit"], at: time, in: db)
        }
        let dump = try InstallFixture.dump(database).filter { $0.hasPrefix("audit_log") }
        #expect(dump.count == 1)
        #expect(dump[0].contains("config.changed"))
        #expect(!dump[0].contains("value-not-in-audit"))
    }
}

@Suite("JSON merge patch")
struct ConfigMergePatchTests {
    @Test("RFC 7396 appendix A examples")
    func rfcExamples() {
        let cases: [(JSONValue, JSONValue, JSONValue)] = [
            (["a": "b"], ["a": "c"], ["a": "c"]),
            (["a": "b"], ["b": "c"], ["a": "b", "b": "c"]),
            (["a": "b"], ["a": nil], [:]),
            (["a": "b", "b": "c"], ["a": nil], ["b": "c"]),
            (["a": ["b"]], ["a": "c"], ["a": "c"]),
            (["a": "c"], ["a": ["b"]], ["a": ["b"]]),
            (["a": ["b": "c"]], ["a": ["b": "d", "c": nil]], ["a": ["b": "d"]]),
            (["a": [["b": "c"]]], ["a": [1]], ["a": [1]]),
            (["e": nil], ["a": 1], ["e": nil, "a": 1]),
            ([1, 2], ["a": "b", "c": nil], ["a": "b"]),
            (["a": "foo"], nil, nil),
            (["a": "foo"], "bar", "bar"),
            ([:], ["a": ["bb": ["ccc": nil]]], ["a": ["bb": [:]]]),
        ]
        for (target, patch, expected) in cases {
            #expect(JSONMergePatch.apply(patch, to: target) == expected, "\(target) + \(patch)")
        }
    }

    @Test("Cordum's delete patch leaves empty parents; remove leaves none, and keeps what others set")
    func removal() {
        let patch: JSONValue = ["topics": ["job.a.x": "a"], "pools": ["a": ["requires": []]]]
        let target: JSONValue = [
            "topics": ["job.a.x": "a", "job.b.y": "b"], "pools": ["a": ["requires": []], "b": ["requires": ["gpu"]]],
        ]
        #expect(
            JSONMergePatch.apply(JSONMergePatch.deletePatch(for: patch), to: target)
                == ["topics": ["job.b.y": "b"], "pools": ["a": [:], "b": ["requires": ["gpu"]]]]
        )
        #expect(
            JSONMergePatch.remove(patch, from: target)
                == ["topics": ["job.b.y": "b"], "pools": ["b": ["requires": ["gpu"]]]]
        )
        #expect(JSONMergePatch.remove(patch, from: JSONMergePatch.apply(patch, to: nil)) == [:])
    }
}

@Suite("Policy bundles in the config store")
struct ConfigPolicyBundleTests {
    @Test("an unparseable bundle is refused and never stored; a good one is audited by id and digest")
    func bundles() throws {
        let database = try InstallFixture.database()
        let time = Timestamp(seconds: 1_768_730_400)
        let error = #expect(throws: HostError.self) {
            try database.write { db in
                try ConfigStore.set(
                    .system,
                    "policy",
                    data: ["bundles": ["secops/x": ["content": "rules: [{decision: maybe}]"]]],
                    at: time,
                    in: db
                )
            }
        }
        #expect(error?.message.contains("secops/x") == true)
        try database.write { db in
            _ = try ConfigStore.set(
                .system,
                "policy",
                data: ["bundles": ["secops/x": ["content": "rules:\n  - id: deny-all\n    decision: deny\n"]]],
                at: time,
                in: db
            )
        }
        let governance = try database.read { db in try Governance.load(in: db) }
        #expect(governance.policy.evaluate(PolicyRequest(topic: "job.any.thing")).decision == .deny)
        let audit = try InstallFixture.dump(database).filter { $0.contains("policy.bundle.changed") }
        #expect(audit.count == 1)
        #expect(!audit[0].contains("deny-all"))
    }
}
