import StructuredData
import WorkerKit

/// What one profile lets a job ask of Datadog: the longest query range, the most series an answer may hold, the
/// longest mute and the longest downtime. Over a bound is a clear error naming the value and the bound, before
/// anything is sent (range, mute, downtime) or instead of a huge answer (series).
public struct DatadogLimits: Sendable, Hashable {
    /// The longest time range of a query, log search, event list or SLO history, in seconds (`max_range`, 31d).
    public var maxRange = 31 * 86_400
    /// The most series a metric answer may hold (`max_series`, default 500).
    public var maxSeries = 500
    /// The longest mute, in seconds (`max_mute`, default 7d).
    public var maxMute = 7 * 86_400
    /// The longest downtime, in seconds (`max_downtime`, default 7d).
    public var maxDowntime = 7 * 86_400

    /// Defaults.
    public init() {}

    /// Reads the fields a source has; `place` names where a field came from, for errors.
    mutating func read(_ source: (String) -> JSONValue?, place: (String) -> String) throws(ConfigurationError) {
        func duration(_ field: String) throws(ConfigurationError) -> Int? {
            guard let value = source(field) else { return nil }
            guard let text = value.stringValue, let seconds = UnitDuration.weeks.wholeSeconds(text) else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: place(field),
                    message: "\(place(field)) is \(value); expected a duration such as 30m, 6h, 7d or 2w."
                )
            }
            return seconds
        }
        if let seconds = try duration("max_range") { maxRange = seconds }
        if let seconds = try duration("max_mute") { maxMute = seconds }
        if let seconds = try duration("max_downtime") { maxDowntime = seconds }
        if let value = source("max_series") {
            guard let count = value.intValue ?? value.stringValue.flatMap({ Int($0) }), count > 0 else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: place("max_series"),
                    message: "\(place("max_series")) is \(value); expected a positive whole number such as 500."
                )
            }
            maxSeries = count
        }
    }

    /// Checks a range.
    /// - Throws: `invalid_input` naming the range and the bound.
    func check(range: Int, profile: String) throws(WorkerError) {
        guard range > maxRange else { return }
        throw WorkerError(
            code: .invalidInput,
            message:
                "The range is \(UnitDuration.weeks.text(Double(range))), longer than max_range \(UnitDuration.weeks.text(Double(maxRange))) of the profile \"\(profile)\"; ask for a shorter range (from, to, range or window)."
        )
    }

    /// Checks an answer's series count.
    /// - Throws: `datadog_too_many_series` naming the count and the bound.
    func check(series: Int, profile: String) throws(WorkerError) {
        guard series > maxSeries else { return }
        throw WorkerError(
            code: DatadogWorker.tooManySeries,
            message:
                "The answer holds \(series) series, more than max_series \(maxSeries) of the profile \"\(profile)\"; narrow the scope or aggregate (avg by, top)."
        )
    }

    /// Checks a mute's or a downtime's length.
    /// - Throws: `invalid_input` naming the length and the bound.
    func check(length: Int, of what: String, profile: String) throws(WorkerError) {
        let (bound, field) = what == "mute" ? (maxMute, "max_mute") : (maxDowntime, "max_downtime")
        guard length > bound else { return }
        throw WorkerError(
            code: .invalidInput,
            message:
                "The \(what) lasts \(UnitDuration.weeks.text(Double(length))), longer than \(field) \(UnitDuration.weeks.text(Double(bound))) of the profile \"\(profile)\"; end it sooner (at most \(UnitDuration.weeks.text(Double(bound))))."
        )
    }
}
