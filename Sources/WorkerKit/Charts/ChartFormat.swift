import Foundation

/// Text of a chart: numbers with SI prefixes and the unit, UTC times, and XML escaping. Every function is
/// deterministic (no locale, no time zone but UTC).
enum ChartFormat {
    /// `value` with up to three significant decimals, an SI prefix for large and small magnitudes (`1.5k`, `250m`
    /// — not for `%`), and the unit: `0.25 s` → `250ms`, `2048 bytes` → `2.05k bytes`.
    static func value(_ value: Double, unit: String) -> String {
        let prefixes: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        let small: [(Double, String)] = [(1e-3, "m"), (1e-6, "µ"), (1e-9, "n")]
        var scaled = value
        var prefix = ""
        let magnitude = abs(value)
        if unit != "%", magnitude != 0 {
            if let (factor, name) = prefixes.first(where: { magnitude >= $0.0 }) {
                scaled = value / factor
                prefix = name
            } else if magnitude < 0.1, let (factor, name) = small.first(where: { magnitude >= $0.0 }) {
                scaled = value / factor
                prefix = name
            }
        }
        var text = String(format: "%.3f", scaled)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        if text == "-0" { text = "0" }
        let suffix = prefix + unit
        guard !suffix.isEmpty else { return text }
        return unit.count > 2 || unit.contains("/") ? "\(text) \(suffix)" : "\(text)\(suffix)"
    }

    /// A UTC time: `HH:mm` (with `:ss` when the step is under a minute), prefixed by `MM-dd ` when the chart spans
    /// more than a day.
    static func time(_ seconds: Double, span: Double, step: Double) -> String {
        let date = Date(timeIntervalSince1970: seconds)
        let calendar = utcCalendar
        let parts = calendar.dateComponents([.month, .day, .hour, .minute, .second], from: date)
        var text = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        if step < 60 { text += String(format: ":%02d", parts.second ?? 0) }
        if span > 86_400 { text = String(format: "%02d-%02d ", parts.month ?? 0, parts.day ?? 0) + text }
        return text
    }

    /// An RFC 3339 UTC time, for the chart's caption.
    static func timestamp(_ seconds: Double) -> String {
        let parts = utcCalendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second],
            from: Date(timeIntervalSince1970: seconds)
        )
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ",
            parts.year ?? 0,
            parts.month ?? 0,
            parts.day ?? 0,
            parts.hour ?? 0,
            parts.minute ?? 0,
            parts.second ?? 0
        )
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    /// A pixel coordinate with one decimal: `12.5`, `300`.
    static func coordinate(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }

    /// `text` safe in XML character data and attribute values: `&`, `<`, `>`, `"`, `'` as entities; control
    /// characters other than tab, line feed and carriage return (not allowed in XML 1.0) dropped.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
