import Foundation

/// What a monitor's query says about the metric it watches: a metric monitor's query
/// (`avg(last_5m):avg:system.cpu.user{host:web-1,env:prod} by {host} > 90`) holds a metric query between the
/// evaluation window (`avg(last_5m):`) and the comparison (`> 90`), whose first `{…}` is its scope.
struct MonitorQuery {
    /// The metric query (`avg:system.cpu.user{host:web-1,env:prod} by {host}`), or `nil` when the query has no
    /// evaluation window (a log, event or composite monitor).
    var metricQuery: String?
    /// The scope's tags (`host:web-1`, `env:prod`); empty for `*`.
    var scopeTags: [String]

    init(_ query: String) {
        guard let colon = query.range(of: "):") else {
            metricQuery = nil
            scopeTags = []
            return
        }
        var metric = Substring(query[colon.upperBound...])
        // The comparison: the last operator outside braces and parentheses, then the threshold.
        var depth = 0
        var cut: String.Index?
        var index = metric.startIndex
        while index < metric.endIndex {
            let character = metric[index]
            if character == "{" || character == "(" { depth += 1 }
            if character == "}" || character == ")" { depth -= 1 }
            if depth == 0, "<>=!".contains(character), cut == nil { cut = index }
            index = metric.index(after: index)
        }
        if let cut { metric = metric[..<cut] }
        let trimmed = metric.trimmingCharacters(in: .whitespaces)
        metricQuery = trimmed.isEmpty ? nil : trimmed
        if let open = trimmed.firstIndex(of: "{"), let close = trimmed[open...].firstIndex(of: "}") {
            scopeTags = trimmed[trimmed.index(after: open)..<close].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty && $0 != "*" }
        } else {
            scopeTags = []
        }
    }

    /// The scope as a search query (`host:web-1 env:prod`), empty for `*`.
    var scopeQuery: String { scopeTags.joined(separator: " ") }
}
