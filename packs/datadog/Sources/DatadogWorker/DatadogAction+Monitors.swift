import StructuredData
import WorkerKit

extension DatadogAction {
    /// How far back a read without a range looks, by action (seconds).
    static let defaultRanges = [
        "metrics.query": 3_600, "metrics.timeseries": 3_600, "logs.search": 900, "events.list": 3_600,
        "slos.history": 7 * 86_400,
    ]

    /// The marker of a change id in a downtime's message: `[change CHG-1042]`.
    static func changeTag(_ change: String) -> String { "[change \(change)]" }

    /// When the monitor's state last changed: the latest `last_triggered_ts` of its alerting or warning groups,
    /// else its `overall_state_modified`, else its `modified` time.
    static func stateSince(_ monitor: JSONValue?) -> Int? {
        let groups = monitor?["state"]?["groups"]?.objectValue?.values.map { $0 } ?? []
        let triggered = groups.filter { ["Alert", "Warn"].contains($0["status"]?.stringValue ?? "") }
            .compactMap { $0["last_triggered_ts"]?.intValue }
        if let latest = triggered.max() { return latest }
        for field in ["overall_state_modified", "modified"] {
            if let value = monitor?[field], let seconds = InputTime.wholeSeconds(value) { return seconds }
        }
        return nil
    }
}
