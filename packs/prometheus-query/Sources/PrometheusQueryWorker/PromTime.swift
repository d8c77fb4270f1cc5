import Foundation
import StructuredData

/// Times of the job input: RFC 3339 (`2026-12-07T10:00:00Z`, with fractions or an offset) or Unix seconds.
enum PromTime {
    /// Unix seconds of `value`, or `nil` when it is neither form.
    static func seconds(_ value: JSONValue) -> Double? {
        if let text = value.stringValue {
            if let number = Double(text), number.isFinite { return number }
            return rfc3339(text)
        }
        guard let number = value.doubleValue, number.isFinite else { return nil }
        return number
    }

    static func rfc3339(_ text: String) -> Double? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date.timeIntervalSince1970 }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date.timeIntervalSince1970 }
        // Prometheus and Alertmanager write nanoseconds (2026-12-07T10:00:00.123456789Z): keep milliseconds.
        if let dot = text.firstIndex(of: "."),
            let zone = text[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" })
        {
            let digits = text[text.index(after: dot)..<zone].prefix(3)
            return fractional.date(from: "\(text[..<dot]).\(digits)\(text[zone...])")?.timeIntervalSince1970
        }
        return nil
    }

    /// Unix seconds as Prometheus reads them: at most three decimals.
    static func text(_ seconds: Double) -> String {
        let milliseconds = (seconds * 1000).rounded()
        if milliseconds.truncatingRemainder(dividingBy: 1000) == 0 { return String(Int64(milliseconds / 1000)) }
        return String(format: "%.3f", milliseconds / 1000)
    }

    /// RFC 3339 in UTC with milliseconds, as Alertmanager's silences take them.
    static func rfc3339Text(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
