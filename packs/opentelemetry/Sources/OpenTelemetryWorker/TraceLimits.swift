import StructuredData
import WorkerKit

/// What one profile lets a job ask of the tracing backend: the most traces a search reads, the most spans a trace
/// may have before it goes to an artifact instead of the output, and the longest time range of a search. Over a
/// bound is a clear error naming the value and the bound, before anything is sent.
public struct TraceLimits: Sendable, Hashable {
    /// The most traces a search asks for (`max_traces`, default 50).
    public var maxTraces = 50
    /// The most spans a trace may carry in a job's output (`max_spans`, default 2000); a larger trace is stored
    /// as an artifact and the analysis draws at most this many rows.
    public var maxSpans = 2_000
    /// The longest time range of a search, in seconds (`max_range`, default 7 days).
    public var maxRange: Double = 7 * 86_400

    /// Defaults.
    public init() {}

    mutating func read(_ source: (String) -> JSONValue?, place: (String) -> String) throws(ConfigurationError) {
        for field in ["max_traces", "max_spans"] {
            guard let value = source(field) else { continue }
            guard let count = value.intValue ?? value.stringValue.flatMap({ Int($0) }), count > 0 else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: place(field),
                    message: "\(place(field)) is \(value); expected a positive whole number such as 50."
                )
            }
            if field == "max_traces" { maxTraces = count } else { maxSpans = count }
        }
        if let value = source("max_range") {
            guard let text = value.stringValue, let seconds = TraceTime.seconds(ofDuration: text), seconds > 0 else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: place("max_range"),
                    message: "\(place("max_range")) is \(value); expected a duration such as 6h or 168h."
                )
            }
            maxRange = seconds
        }
    }
}
