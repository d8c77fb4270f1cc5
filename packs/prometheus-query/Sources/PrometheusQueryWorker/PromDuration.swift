import StructuredData

/// Prometheus' durations (`1h30m`, `500ms`, `2d`, `1w`, `1y`: units ms, s, m, h, d = 24 h, w = 7 d, y = 365 d, each
/// once, largest first) and its timestamps (RFC 3339 or Unix seconds), in seconds.
///
/// Written here rather than with WorkerKit's `GoDuration`: Prometheus adds d, w and y and forbids fractions.
enum PromDuration {
    static let units: [(String, Double)] = [
        ("y", 365 * 86_400), ("w", 7 * 86_400), ("d", 86_400), ("h", 3_600), ("ms", 0.001), ("m", 60), ("s", 1),
    ]

    /// The seconds of a duration, or `nil` when `text` is not one (or is zero).
    static func seconds(_ text: String) -> Double? {
        var rest = Substring(text)
        var total = 0.0
        var lastRank = -1
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let number = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let order = ["y", "w", "d", "h", "m", "s", "ms"]
            guard let unit = ["ms", "y", "w", "d", "h", "m", "s"].first(where: { rest.hasPrefix($0) }),
                let rank = order.firstIndex(of: unit), rank > lastRank,
                let factor = units.first(where: { $0.0 == unit })?.1
            else { return nil }
            lastRank = rank
            rest = rest.dropFirst(unit.count)
            total += number * factor
        }
        return total > 0 ? total : nil
    }

    /// A duration or plain seconds (`"30"`, `15.5`) as Prometheus' `step` and `timeout` accept them.
    static func seconds(_ value: JSONValue) -> Double? {
        if let text = value.stringValue {
            return Double(text).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } ?? seconds(text)
        }
        guard let number = value.doubleValue, number > 0, number.isFinite else { return nil }
        return number
    }

    /// Seconds as the shortest Prometheus duration: `3600` → `1h`, `90` → `1m30s`, `0.5` → `500ms`.
    static func text(_ seconds: Double) -> String {
        var milliseconds = Int((seconds * 1000).rounded())
        guard milliseconds > 0 else { return "0s" }
        var out = ""
        for (unit, factor) in units.sorted(by: { $0.1 > $1.1 }) where unit != "y" {
            let size = Int(factor * 1000)
            if milliseconds >= size {
                out += "\(milliseconds / size)\(unit)"
                milliseconds %= size
            }
        }
        return out
    }
}
