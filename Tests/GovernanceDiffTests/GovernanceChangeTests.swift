import GovernanceDiff
import StructuredData
import Testing

@Suite struct GovernanceChangeTests {
    @Test func encodesAsJSON() {
        let change = GovernanceChange(kind: .topicAdded, impact: .review, subject: "job.x.y", message: "new topic")
        #expect(change.json["kind"] == "topic_added")
        #expect(change.json["impact"] == "review")
        #expect(change.json["details"] == nil)
        #expect(GovernanceChange.Impact.review < .info)
    }

    @Test func encodesDetailsLocationAndHint() {
        let change = GovernanceChange(
            kind: .workflowBreaking,
            impact: .review,
            subject: "x.y",
            message: "broke",
            details: ["next_id": "x.y.v2"],
            location: SourceLocation(file: "pack.yaml", line: 3, column: 7),
            hint: "rename"
        )
        #expect(change.json["details"]?["next_id"] == "x.y.v2")
        #expect(change.json["line"] == 3)
        #expect(change.json["hint"] == "rename")
    }

    @Test func reportsOrderReviewFirstAndSummarise() {
        let report = DiffReport(
            old: ("x", "1.0.0"),
            new: ("x", "1.1.0"),
            changes: [
                GovernanceChange(kind: .topicRemoved, impact: .info, subject: "job.x.b", message: "b"),
                GovernanceChange(kind: .decisionLoosened, impact: .review, subject: "job.x.a", message: "a"),
                GovernanceChange(kind: .topicAdded, impact: .review, subject: "job.x.c", message: "c"),
            ]
        )
        #expect(report.changes.map(\.kind) == [.topicAdded, .decisionLoosened, .topicRemoved])
        #expect(report.json["summary"]?["review"] == 2)
        #expect(report.json["summary"]?["info"] == 1)
        #expect(report.json["old"]?["version"] == "1.0.0")
        #expect(report.needsReview)
    }
}
