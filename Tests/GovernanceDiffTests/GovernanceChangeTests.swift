import GovernanceDiff
import StructuredData
import Testing

@Suite struct GovernanceChangeTests {
    @Test func encodesAsJSON() {
        let change = GovernanceChange(kind: .topicAdded, impact: .review, subject: "job.x.y", message: "new topic")
        #expect(change.json["kind"] == "topic_added")
        #expect(change.json["impact"] == "review")
        #expect(GovernanceChange.Impact.review < .info)
    }
}
