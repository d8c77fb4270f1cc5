import Foundation
import StructuredData
import Testing

@testable import PackTesting

/// A plan whose URL shows a redacted secret part (an incoming webhook's URL is a credential) still matches the
/// path the real run sent, and only that path.
@Suite("Conformance: plans with a redacted URL part")
struct RedactedPlanURLTests {
    @Test("a redacted part matches a non-empty run of the sent path, the rest must be equal")
    func matching() {
        let pieces = "/services/T1/B2/cordum-redacted-part".components(separatedBy: "cordum-redacted-part")
        #expect(PackConformance.path("/services/T1/B2/secret123", matches: pieces))
        #expect(!PackConformance.path("/services/T1/B2/", matches: pieces))
        #expect(!PackConformance.path("/services/T9/B2/secret123", matches: pieces))
        #expect(PackConformance.path("/api/chat.postMessage", matches: ["/api/chat.postMessage"]))
        #expect(!PackConformance.path("/api/chat.update", matches: ["/api/chat.postMessage"]))
        let middle = "/a/cordum-redacted-part/b".components(separatedBy: "cordum-redacted-part")
        #expect(PackConformance.path("/a/x/b", matches: middle))
        #expect(!PackConformance.path("/a/x/c", matches: middle))
    }

    @Test("a body member shown as [REDACTED] matches any non-empty string sent there; every other byte must be equal")
    func redactedBodyMember() {
        let plan: JSONValue = ["routing_key": "[REDACTED]", "event_action": "trigger", "payload": ["summary": "cpu"]]
        let sent: JSONValue = ["routing_key": "R0a1b2", "event_action": "trigger", "payload": ["summary": "cpu"]]
        #expect(PackConformance.body(plan, matches: sent))
        #expect(
            !PackConformance.body(
                plan,
                matches: ["routing_key": "", "event_action": "trigger", "payload": ["summary": "cpu"]]
            )
        )
        #expect(
            !PackConformance.body(
                plan,
                matches: ["routing_key": "R0a1b2", "event_action": "resolve", "payload": ["summary": "cpu"]]
            )
        )
        #expect(!PackConformance.body(plan, matches: ["routing_key": "R0a1b2", "event_action": "trigger"]))
        #expect(
            !PackConformance.body(
                plan,
                matches: ["routing_key": 7, "event_action": "trigger", "payload": ["summary": "cpu"]]
            )
        )
        #expect(PackConformance.body(nil, matches: nil))
        #expect(!PackConformance.body(["a": [1, 2]], matches: ["a": [1, 2, 3]]))
    }
}
