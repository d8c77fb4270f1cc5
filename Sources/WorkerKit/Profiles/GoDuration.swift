/// Durations as the upstream Go workers write them: `30` (seconds), `30s`, `1m30s`, `500ms`, `1h`, `1.5s`.
package enum GoDuration {
    package static func parse(_ text: String) -> Duration? {
        let text = text.trimmingBlanks()
        if let seconds = Int(text) { return .seconds(seconds) }
        var total = Duration.zero
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter || $0 == "µ" }
            rest = rest.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "h": scale = 3600
            case "m": scale = 60
            case "s": scale = 1
            case "ms": scale = 1e-3
            case "us", "µs": scale = 1e-6
            case "ns": scale = 1e-9
            default: return nil
            }
            total += .nanoseconds(Int64((value * scale * 1e9).rounded()))
        }
        return total
    }
}
