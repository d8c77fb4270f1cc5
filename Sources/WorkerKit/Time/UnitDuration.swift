public import StructuredData

/// Durations written as whole numbers with units, largest unit first and each at most once (`90s`, `1h30m`, `2d`,
/// `1w`, `500ms`): Prometheus' form, and the form operators bound windows, mutes and downtimes in.
///
/// Written here rather than with WorkerKit's Go durations (``GoDuration``), which have no days or weeks and take
/// fractions (`1.5h`) that these forms refuse.
public struct UnitDuration: Sendable {
    /// A unit: its symbol and its length in seconds.
    public struct Unit: Sendable {
        public let symbol: String
        public let seconds: Double

        public init(_ symbol: String, seconds: Double) {
            self.symbol = symbol
            self.seconds = seconds
        }
    }

    /// The units, longest first.
    public let units: [Unit]

    /// Durations with `units` (their order does not matter).
    public init(units: [Unit]) {
        self.units = units.sorted { $0.seconds > $1.seconds }
    }

    /// Prometheus' units: y (365 days), w, d, h, m, s and ms.
    public static let prometheus = UnitDuration(units: [
        Unit("y", seconds: 365 * 86_400), Unit("w", seconds: 7 * 86_400), Unit("d", seconds: 86_400),
        Unit("h", seconds: 3_600), Unit("m", seconds: 60), Unit("s", seconds: 1), Unit("ms", seconds: 0.001),
    ])

    /// Whole seconds to weeks: w, d, h, m and s.
    public static let weeks = UnitDuration(units: [
        Unit("w", seconds: 7 * 86_400), Unit("d", seconds: 86_400), Unit("h", seconds: 3_600), Unit("m", seconds: 60),
        Unit("s", seconds: 1),
    ])

    /// The seconds of `text`, or `nil` when it is not such a duration, or is zero.
    public func seconds(_ text: String) -> Double? {
        var rest = Substring(text)
        var total = 0.0
        var last = -1
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 12, let number = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            // The longest symbol that matches: `ms` before `m`.
            let matches = units.indices.filter { rest.hasPrefix(units[$0].symbol) }
            guard let rank = matches.max(by: { units[$0].symbol.count < units[$1].symbol.count }), rank > last
            else { return nil }
            last = rank
            rest = rest.dropFirst(units[rank].symbol.count)
            total += number * units[rank].seconds
        }
        return total > 0 ? total : nil
    }

    /// The whole seconds of `text`, or `nil` when it is not such a duration, is zero, or has a fraction of a second.
    public func wholeSeconds(_ text: String) -> Int? {
        guard let seconds = seconds(text), seconds == seconds.rounded(), seconds < 1e15 else { return nil }
        return Int(seconds)
    }

    /// The seconds of a duration, or of plain seconds (`30`, `"30"`, `15.5`); `nil` for anything else, zero or less.
    public func seconds(_ value: JSONValue) -> Double? {
        if let text = value.stringValue {
            if let number = Double(text) { return number > 0 && number.isFinite ? number : nil }
            return seconds(text)
        }
        guard let number = value.doubleValue, number > 0, number.isFinite else { return nil }
        return number
    }

    /// `seconds` as the shortest duration of these units up to weeks (a year of 365 days is not what a reader
    /// expects of `1y`): `7200` → `2h`, `90` → `1m30s`, `0.5` → `500ms`; `0s` for zero or less.
    public func text(_ seconds: Double) -> String {
        let smallest = units.last?.seconds ?? 1
        var rest = Int64((seconds / smallest).rounded())
        guard rest > 0 else { return "0s" }
        var out = ""
        for unit in units where unit.seconds <= 7 * 86_400 {
            let size = Int64((unit.seconds / smallest).rounded())
            if rest >= size {
                out += "\(rest / size)\(unit.symbol)"
                rest %= size
            }
        }
        return out
    }

    /// The message of a value that is no duration, naming the field.
    public static func invalid(_ field: String, _ value: JSONValue) -> WorkerError {
        WorkerError(
            code: .invalidInput,
            message: "The \(field) is \(value); expected a duration such as 30m, 6h or 7d."
        )
    }
}
