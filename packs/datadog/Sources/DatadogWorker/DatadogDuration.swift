import Foundation
import StructuredData

/// Durations of the job input and the profile bounds (`30s`, `15m`, `2h`, `1d12h`, `2w`: units s, m, h, d = 24 h,
/// w = 7 d, each at most once, largest first) and times (RFC 3339 or Unix seconds).
///
/// Written here rather than with WorkerKit's Go durations: operators bound mutes and windows in days and weeks.
enum DatadogDuration {
    static let units: [(String, Int)] = [("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// The seconds of a duration, or `nil` when `text` is not one (or is zero).
    static func seconds(_ text: String) -> Int? {
        var rest = Substring(text)
        var total = 0
        var lastRank = -1
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count < 10, let number = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let rank = units.firstIndex(where: { rest.hasPrefix($0.0) }), rank > lastRank else { return nil }
            lastRank = rank
            rest = rest.dropFirst()
            total += number * units[rank].1
        }
        return total > 0 ? total : nil
    }

    /// Seconds as the shortest duration: `7200` → `2h`, `90` → `1m30s`.
    static func text(_ seconds: Int) -> String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var out = ""
        for (unit, size) in units where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }

    /// Unix seconds of a time: RFC 3339 (with or without fractions) or Unix seconds (a number or its text).
    static func time(_ value: JSONValue) -> Int? {
        if let number = value.intValue { return number }
        if let number = value.doubleValue, number.isFinite { return Int(number) }
        guard let text = value.stringValue else { return nil }
        if let number = Int(text) { return number }
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds],
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return Int(date.timeIntervalSince1970) }
        }
        return nil
    }

    /// Unix seconds as RFC 3339 in UTC (`2026-12-07T10:00:00Z`).
    static func rfc3339(_ seconds: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
