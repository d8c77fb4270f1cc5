import StructuredData
import WorkerKit

/// What one profile lets a job ask of Prometheus and Alertmanager: the longest range, the finest step, the most
/// series an answer may hold, and the longest silence. Over a bound is a clear error naming the value and the
/// bound, before anything is sent (range, step, points, silence) or instead of a huge answer (series).
public struct QueryLimits: Sendable, Hashable {
    /// The longest time range of a query, in seconds (`max_range`, default 31d).
    public var maxRange: Double = 31 * 86_400
    /// The finest step of a range query, in seconds (`min_step`, default 1s).
    public var minStep: Double = 1
    /// The most series an answer may hold (`max_series`, default 500).
    public var maxSeries: Int = 500
    /// The longest silence, in seconds (`max_silence`, default 7d).
    public var maxSilence: Double = 7 * 86_400
    /// Prometheus refuses range queries of more than 11,000 points per series; the worker says so first.
    public static let maxPoints = 11_000.0

    /// Defaults.
    public init() {}

    /// Reads the fields a source has; `place` names where a field came from, for errors.
    mutating func read(
        _ source: (String) -> JSONValue?,
        place: (String) -> String
    ) throws(ConfigurationError) {
        func duration(_ field: String) throws(ConfigurationError) -> Double? {
            guard let value = source(field) else { return nil }
            guard let seconds = UnitDuration.prometheus.seconds(value) else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: place(field),
                    message:
                        "\(place(field)) is \(value); expected a Prometheus duration such as 30s, 15m, 6h, 7d or 2w."
                )
            }
            return seconds
        }
        if let seconds = try duration("max_range") { maxRange = seconds }
        if let seconds = try duration("min_step") { minStep = seconds }
        if let seconds = try duration("max_silence") { maxSilence = seconds }
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

    /// Checks a range and step against the bounds.
    /// - Throws: `invalid_input` naming the value and the bound.
    func check(range: Double, step: Double?, profile: String) throws(WorkerError) {
        if range > maxRange {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The query's range is \(UnitDuration.prometheus.text(range)), longer than max_range \(UnitDuration.prometheus.text(maxRange)) of the profile \"\(profile)\"; ask for a shorter range (start, end, range or window)."
            )
        }
        guard let step else { return }
        if step < minStep {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The step is \(UnitDuration.prometheus.text(step)), finer than min_step \(UnitDuration.prometheus.text(minStep)) of the profile \"\(profile)\"; use a step of at least \(UnitDuration.prometheus.text(minStep))."
            )
        }
        let points = (range / step).rounded(.down) + 1
        if points > Self.maxPoints {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The range \(UnitDuration.prometheus.text(range)) at step \(UnitDuration.prometheus.text(step)) gives \(Int(points)) points per series, more than Prometheus' 11000; use a step of at least \(UnitDuration.prometheus.text((range / (Self.maxPoints - 1)).rounded(.up)))."
            )
        }
    }

    /// Checks an answer's series count.
    /// - Throws: `prometheus_too_many_series` naming the count and the bound.
    func check(series: Int, profile: String) throws(WorkerError) {
        guard series > maxSeries else { return }
        throw WorkerError(
            code: PrometheusQueryWorker.tooManySeries,
            message:
                "The answer holds \(series) series, more than max_series \(maxSeries) of the profile \"\(profile)\"; narrow the selector or aggregate (sum by, topk)."
        )
    }

    /// Checks a silence's duration.
    /// - Throws: `invalid_input` naming the duration and the bound.
    func check(silence: Double, profile: String) throws(WorkerError) {
        guard silence > maxSilence else { return }
        throw WorkerError(
            code: .invalidInput,
            message:
                "The silence's duration is \(UnitDuration.prometheus.text(silence)), longer than max_silence \(UnitDuration.prometheus.text(maxSilence)) of the profile \"\(profile)\"; silence for at most \(UnitDuration.prometheus.text(maxSilence))."
        )
    }
}
