/// `duration` (RFC 3339 appendix A) and `uuid` (RFC 4122), the formats 2019-09 added.
enum DurationFormat {
    /// `P` then weeks alone (`P3W`), or date units in order without gaps (`Y`, `M`, `D`) and/or `T` with
    /// time units in order without gaps (`H`, `M`, `S`); every unit has at least one ASCII digit.
    static func isDuration(_ string: String) -> Bool {
        var bytes = Array(string.utf8)[...]
        guard bytes.first == UInt8(ascii: "P") else { return false }
        bytes = bytes.dropFirst()
        if let week = bytes.firstIndex(of: UInt8(ascii: "W")) {
            return week == bytes.index(before: bytes.endIndex) && isDigits(bytes[..<week])
        }
        let parts = bytes.split(separator: UInt8(ascii: "T"), maxSplits: 1, omittingEmptySubsequences: false)
        let hasTime = parts.count == 2
        let datePart = parts.first ?? []
        guard let dateUnits = units(datePart), isContiguous(dateUnits, in: Array("YMD".utf8)) else { return false }
        if !hasTime { return !dateUnits.isEmpty }
        guard let timeUnits = units(parts[1]), !timeUnits.isEmpty, isContiguous(timeUnits, in: Array("HMS".utf8))
        else { return false }
        return true
    }

    /// `8-4-4-4-12` hexadecimal digits.
    static func isUUID(_ string: String) -> Bool {
        let bytes = Array(string.utf8)
        guard bytes.count == 36 else { return false }
        for (offset, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(offset) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard isHexDigit(byte) else { return false }
            }
        }
        return true
    }

    /// The unit letters of `digits unit digits unit ...`, or nil when the text is not of that shape.
    private static func units(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var result: [UInt8] = []
        var digits = 0
        for byte in text {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else {
                guard digits > 0 else { return nil }
                result.append(byte)
                digits = 0
            }
        }
        return digits == 0 ? result : nil
    }

    /// Whether `units` is a run of consecutive letters of `order` (`Y M`, `M D`, `Y M D`, ...).
    private static func isContiguous(_ units: [UInt8], in order: [UInt8]) -> Bool {
        guard let first = units.first else { return true }
        guard let start = order.firstIndex(of: first), start + units.count <= order.count else { return false }
        return Array(order[start..<start + units.count]) == units
    }

    private static func isDigits(_ text: ArraySlice<UInt8>) -> Bool {
        !text.isEmpty && text.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}
