public import StructuredData

/// The outcome of re-running an installed pack's policy simulations against the live policy, in the shape of
/// Cordum's `POST /api/v1/packs/{id}/verify`: `{pack_id, results: [{name, expected, got, reason, ok}]}`.
public struct PackVerificationReport: Sendable, Hashable {
    /// One simulation.
    public struct Result: Sendable, Hashable {
        /// The simulation's name.
        public var name: String
        /// The expected decision, normalized (`ALLOW`, `DENY`, `REQUIRE_APPROVAL`, ...).
        public var expected: String
        /// The live decision, normalized; `ERROR` when the request could not be built.
        public var got: String
        /// The deciding rule's reason (or the error).
        public var reason: String
        /// The rule that decided, if any.
        public var ruleID: String
        /// Whether `got` equals `expected`.
        public var ok: Bool
    }

    /// The pack.
    public var packID: String
    /// The results, in the record's order.
    public var results: [Result]

    /// Whether every simulation passed.
    public var passed: Bool { results.allSatisfy(\.ok) }

    /// Cordum's JSON (plus `rule_id`).
    public var json: JSONValue {
        [
            "pack_id": .string(packID),
            "results": .array(
                results.map {
                    [
                        "name": .string($0.name), "expected": .string($0.expected), "got": .string($0.got),
                        "reason": .string($0.reason), "rule_id": .string($0.ruleID), "ok": .bool($0.ok),
                    ]
                }
            ),
        ]
    }
}
