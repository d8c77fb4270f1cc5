import Foundation
public import StructuredData

/// Points in time as job inputs give them, and as vendors take them: RFC 3339 (`2026-12-07T10:00:00Z`, with a
/// fraction down to nanoseconds and `Z` or an offset) or Unix seconds (a number, or its text), in seconds since the
/// epoch.
public enum InputTime {
    /// The message of a value that is neither form, naming the field.
    public static func invalid(_ field: String, _ value: JSONValue) -> WorkerError {
        WorkerError(
            code: .invalidInput,
            message:
                "The \(field) is \(value); expected an RFC 3339 time (2026-12-07T10:00:00Z) or Unix seconds (1796637600)."
        )
    }

    /// Unix seconds of `value`, or `nil` when it is neither an RFC 3339 time nor a finite number of seconds.
    public static func seconds(_ value: JSONValue) -> Double? {
        if let text = value.stringValue {
            if let number = Double(text) { return number.isFinite ? number : nil }
            return seconds(rfc3339: text)
        }
        guard let number = value.doubleValue, number.isFinite else { return nil }
        return number
    }

    /// Unix seconds of `value` in whole seconds (a fraction is dropped), or `nil` as ``seconds(_:)``.
    public static func wholeSeconds(_ value: JSONValue) -> Int? {
        if let number = value.intValue { return number }
        guard let seconds = seconds(value), abs(seconds) < 1e15 else { return nil }
        return Int(seconds.rounded(.down))
    }

    /// Unix seconds of an RFC 3339 time: a fraction of any length is kept (Prometheus and Alertmanager write
    /// nanoseconds, which Foundation's parser refuses), and so is an offset.
    public static func seconds(rfc3339 text: String) -> Double? {
        guard let separator = text.firstIndex(where: { $0 == "T" || $0 == "t" }) else { return nil }
        var whole = text
        var fraction = 0.0
        if let dot = text[separator...].firstIndex(of: ".") {
            let digits = text[text.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let value = Double("0." + digits) else { return nil }
            fraction = value
            whole = String(text[..<dot]) + String(text[text.index(dot, offsetBy: digits.count + 1)...])
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: whole) else { return nil }
        return date.timeIntervalSince1970 + fraction
    }

    /// How many decimals of a second ``rfc3339(_:fraction:)`` writes.
    public enum Fraction: Sendable {
        /// None: the time is rounded down to the second.
        case none
        /// Three, always: the time is rounded down to the millisecond.
        case milliseconds
    }

    /// `seconds` as RFC 3339 in UTC (`2026-12-07T10:00:00Z`, or `2026-12-07T10:00:00.250Z` with milliseconds).
    public static func rfc3339(_ seconds: Double, fraction: Fraction = .none) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        switch fraction {
        case .none:
            formatter.formatOptions = [.withInternetDateTime]
            return formatter.string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
        case .milliseconds:
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.string(from: Date(timeIntervalSince1970: (seconds * 1000).rounded(.down) / 1000))
        }
    }
}
