import GovernanceDiff
import Testing

/// Topics, capabilities, risk tags and requires.
@Suite struct TopicChangeTests {
    typealias Edit = DiffFixture.Edit
    static let signTopic = """
          - name: job.hello.guestbook.sign
            capability: hello.guestbook.sign
            riskTags: [write]
            requires: []

        """
    static let greetTags = "    riskTags: [read]\n    requires: []"

    @Test func identicalPacksHaveNoChanges() throws {
        let report = try DiffFixture.diff(new: [])
        #expect(report.changes.isEmpty)
        #expect(!report.needsReview)
        #expect(report.old.id == "hello" && report.new.version == "0.1.0")
    }

    @Test func aTopicAddedIsReviewedWithItsCapabilityAndEgress() throws {
        let wave =
            "  - name: job.hello.wave\n    capability: hello.wave\n    riskTags: [read, network]\n"
            + "    requires: [network:egress]\n"
        let report = try DiffFixture.diff(new: [Edit(DiffFixture.manifest, "resources:\n", wave + "resources:\n")])
        let kinds = report.changes.map(\.kind)
        #expect(kinds.contains(.topicAdded))
        #expect(kinds.contains(.capabilityAdded))
        let requires = try #require(report.changes.first { $0.kind == .requiresAdded })
        #expect(requires.details["category"] == "egress")
        #expect(requires.impact == .review)
        #expect(report.changes.allSatisfy { $0.impact == .review })
        #expect(report.needsReview)
    }

    @Test func aTopicRemovedIsInfo() throws {
        let report = try DiffFixture.diff(new: [Edit(DiffFixture.manifest, Self.signTopic, "")])
        #expect(report.changes.map(\.kind) == [.topicRemoved, .capabilityRemoved])
        #expect(!report.needsReview)
    }

    @Test func riskTagsAddedAndRemoved() throws {
        let added = try DiffFixture.diff(new: [
            Edit(DiffFixture.manifest, "riskTags: [write]", "riskTags: [write, destructive]")
        ])
        #expect(added.changes.map(\.kind) == [.riskTagAdded])
        #expect(added.changes.first?.details["tag"] == "destructive")
        #expect(added.changes.first?.impact == .review)

        let removed = try DiffFixture.diff(
            old: [Edit(DiffFixture.manifest, "riskTags: [write]", "riskTags: [write, prod]")],
            new: []
        )
        #expect(removed.changes.map(\.kind) == [.riskTagRemoved])
        #expect(removed.changes.first?.impact == .review)
    }

    @Test func requiresAddedCallsOutSecretsAndRemovedIsInfo() throws {
        let added = try DiffFixture.diff(new: [
            Edit(DiffFixture.manifest, Self.greetTags, "    riskTags: [read]\n    requires: [secrets:vault, gpu]")
        ])
        #expect(added.changes.map(\.kind) == [.requiresAdded, .requiresAdded])
        #expect(added.changes.map { $0.details["category"] } == ["secret", nil])
        #expect(added.changes.map(\.subject) == ["job.hello.greet", "job.hello.greet"])

        let removed = try DiffFixture.diff(
            old: [Edit(DiffFixture.manifest, Self.greetTags, "    riskTags: [read]\n    requires: [gpu]")],
            new: []
        )
        #expect(removed.changes.map(\.kind) == [.requiresRemoved])
        #expect(removed.changes.first?.impact == .info)
    }

    @Test func aCapabilityRenamedIsAddedAndRemoved() throws {
        let report = try DiffFixture.diff(new: [
            Edit(DiffFixture.manifest, "capability: hello.greet\n", "capability: hello.salute\n")
        ])
        #expect(report.changes.map(\.kind) == [.capabilityAdded, .capabilityRemoved])
        #expect(report.changes.map(\.subject) == ["hello.salute", "hello.greet"])
    }
}
