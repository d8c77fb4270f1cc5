import Foundation
import StructuredData
import WorkerKit

/// Times and durations of job inputs: RFC 3339 times (or Unix seconds), Go durations (`250ms`, `1.5s`, `2h`), and
/// the forms Jaeger's API v3 takes (RFC 3339 with nanoseconds; durations as seconds, `0.25s`).
enum TraceTime {
    /// Seconds of a Go duration (`90s`, `1h30m`, `500ms`), or `nil`.
    static func seconds(ofDuration text: String) -> Double? {
        guard let duration = GoDuration.parse(text) else { return nil }
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Unix seconds of an RFC 3339 time or a number of Unix seconds, or `nil`.
    static func seconds(ofTime value: JSONValue) -> Double? {
        if let number = value.doubleValue, value.stringValue == nil { return number }
        guard let text = value.stringValue else { return nil }
        if let number = Double(text) { return number }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)?.timeIntervalSince1970
    }

    /// RFC 3339 in UTC with milliseconds, as the query API takes it.
    static func text(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: (seconds * 1000).rounded(.down) / 1000))
    }

    /// A duration as the API's seconds (`0.25s`, `3s`), which Go's parser and the description's pattern both read.
    static func apiDuration(_ seconds: Double) -> String {
        let micro = (seconds * 1_000_000).rounded()
        if micro.truncatingRemainder(dividingBy: 1_000_000) == 0 { return "\(Int64(micro / 1_000_000))s" }
        var text = String(format: "%.6f", micro / 1_000_000)
        while text.hasSuffix("0") { text.removeLast() }
        return text + "s"
    }

    /// A short human duration: `1.4s`, `250ms`, `3m`.
    static func human(_ seconds: Double) -> String {
        if seconds >= 60 { return String(format: "%.1fm", seconds / 60) }
        if seconds >= 1 { return String(format: "%.2fs", seconds) }
        return String(format: "%.1fms", seconds * 1000)
    }
}
