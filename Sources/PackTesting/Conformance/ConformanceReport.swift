import Foundation

/// What one conformance check found: every problem (a check passes when there is none) and what it could not
/// check, with the reason.
public struct ConformanceReport: Sendable {
    /// The check's name.
    public let check: String
    /// The problems, one sentence each, naming the topic, workflow or step.
    public private(set) var problems: [String] = []
    /// What was not checked, and why (a pack without an emulator has no faults to inject).
    public private(set) var skipped: [String] = []

    /// An empty report of `check`.
    public init(_ check: String) { self.check = check }

    /// Records a problem.
    public mutating func fail(_ problem: String) { problems.append(problem) }

    /// Records a problem unless `condition` holds.
    public mutating func expect(_ condition: Bool, _ problem: @autoclosure () -> String) {
        if !condition { problems.append(problem()) }
    }

    /// Records what was not checked.
    public mutating func skip(_ reason: String) { skipped.append(reason) }

    /// Records every problem of another report.
    public mutating func merge(_ other: ConformanceReport) {
        problems += other.problems
        skipped += other.skipped
    }

    /// Records a problem for every canary that appears in one of `texts` (labelled by where they come from).
    public mutating func expectNoCanary(_ canaries: [String], in texts: [(place: String, text: String)]) {
        for canary in canaries where !canary.isEmpty {
            for (place, text) in texts where text.contains(canary) {
                problems.append(
                    "a credential (\(canary.prefix(4))…, \(canary.count) characters) appears in \(place): "
                        + String(text.replacingOccurrences(of: canary, with: "<CANARY>").prefix(300))
                )
            }
        }
    }
}
