import Foundation
import StructuredData

/// The part of Datadog's metric query language the emulator evaluates: `aggr:metric{scope} by {tag}` with an
/// optional `.as_count()`/`.as_rate()` suffix, where `aggr` is avg, sum, min or max and the scope is `*` or
/// comma-separated tags that must all match.
struct MetricQuery {
    var aggregation: String
    var metric: String
    var scope: [String]
    var groupBy: [String]

    init(_ text: String) throws(DatadogError) {
        var rest = text.trimmingCharacters(in: .whitespaces)
        guard let colon = rest.firstIndex(of: ":"), let open = rest.firstIndex(of: "{"), colon < open,
            let close = rest[open...].firstIndex(of: "}")
        else { throw DatadogError.badRequest("Error parsing query: \(text)") }
        aggregation = String(rest[..<colon])
        guard ["avg", "sum", "min", "max"].contains(aggregation) else {
            throw DatadogError.badRequest("Error parsing query: unknown aggregator \"\(aggregation)\" in \(text)")
        }
        metric = String(rest[rest.index(after: colon)..<open])
        scope = Self.tags(rest[rest.index(after: open)..<close])
        rest = String(rest[rest.index(after: close)...])
        for suffix in [".as_count()", ".as_rate()", ".fill(null)", ".fill(zero)"] where rest.hasPrefix(suffix) {
            rest.removeFirst(suffix.count)
        }
        rest = rest.trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix("by {"), let end = rest.firstIndex(of: "}") {
            groupBy = Self.tags(rest[rest.index(rest.startIndex, offsetBy: 4)..<end])
        } else if rest.isEmpty {
            groupBy = []
        } else {
            throw DatadogError.badRequest("Error parsing query: unexpected \"\(rest)\" in \(text)")
        }
        guard !metric.isEmpty else { throw DatadogError.badRequest("Error parsing query: no metric in \(text)") }
    }

    static func tags(_ text: Substring) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != "*" }
    }

    /// One evaluated series: its group tags and its values at `times`.
    struct Result {
        var groupTags: [String]
        var values: [Double]
    }

    /// Evaluates the query over `series` at `times` (Unix seconds).
    func evaluate(_ series: [DatadogWorld.Series], times: [Double]) -> [Result] {
        let matching = series.filter { $0.metric == metric && scope.allSatisfy($0.tags.contains) }
        var groups: [[String]: [DatadogWorld.Series]] = [:]
        for entry in matching {
            let key = groupBy.map { name in entry.tags.first { $0.hasPrefix(name + ":") } ?? "\(name):N/A" }
            groups[key, default: []].append(entry)
        }
        return groups.keys.sorted { $0.joined(separator: ",") < $1.joined(separator: ",") }.map { key in
            let members = groups[key] ?? []
            let values = times.map { time -> Double in
                let samples = members.map { $0.value(time) }
                switch aggregation {
                case "sum": return samples.reduce(0, +)
                case "min": return samples.min() ?? 0
                case "max": return samples.max() ?? 0
                default: return samples.reduce(0, +) / Double(max(samples.count, 1))
                }
            }
            return Result(groupTags: key, values: values)
        }
    }

    /// The times of a range at Datadog's rollup interval for it (about 150 points, at least 20 s).
    static func times(from: Double, to: Double, interval: Double? = nil) -> (times: [Double], interval: Double) {
        let step = interval ?? max(((to - from) / 150 / 10).rounded(.up) * 10, 20)
        var times: [Double] = []
        var time = (from / step).rounded(.up) * step
        while time <= to, times.count < 10_000 {
            times.append(time)
            time += step
        }
        return (times, step)
    }
}
