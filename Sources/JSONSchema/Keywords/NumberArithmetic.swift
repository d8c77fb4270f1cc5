import Foundation
import StructuredData

/// Exact comparison and divisibility for JSON numbers, which arrive as `Int` or `Double`.
enum NumberArithmetic {
    /// Compares two numeric values exactly (no rounding of large integers): -1, 0 or 1.
    static func compare(_ lhs: JSONValue, _ rhs: JSONValue) -> Int {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)):
            return a < b ? -1 : (a > b ? 1 : 0)
        case (.integer(let a), .number(let b)):
            return compare(integer: a, double: b)
        case (.number(let a), .integer(let b)):
            return -compare(integer: b, double: a)
        default:
            let a = lhs.doubleValue ?? 0
            let b = rhs.doubleValue ?? 0
            return a < b ? -1 : (a > b ? 1 : 0)
        }
    }

    private static func compare(integer: Int, double: Double) -> Int {
        if double.isNaN { return 0 }
        if double >= 9_223_372_036_854_775_808.0 { return -1 }
        if double < -9_223_372_036_854_775_808.0 { return 1 }
        let whole = double.rounded(.down)
        let wholeInteger = Int(whole)
        if integer != wholeInteger { return integer < wholeInteger ? -1 : 1 }
        return double > whole ? -1 : 0
    }

    /// Whether `value` is an integer multiple of the positive `divisor`.
    ///
    /// Integers divide exactly. Other numbers divide in decimal when both fit `Decimal`, so `0.0075` is
    /// a multiple of `0.0001` even though neither is exact in binary; beyond that range the binary
    /// remainder decides, which keeps huge values such as `1e308` from overflowing.
    static func isMultiple(_ value: JSONValue, of divisor: JSONValue) -> Bool {
        if case .integer(let a) = value, case .integer(let b) = divisor {
            return a.remainderReportingOverflow(dividingBy: b).partialValue == 0
        }
        guard let a = value.doubleValue, let b = divisor.doubleValue, a.isFinite, b.isFinite, b > 0 else {
            return false
        }
        if a == 0 { return true }
        if let quotient = decimalQuotient(a, b) {
            var rounded = Decimal()
            var exact = quotient
            NSDecimalRound(&rounded, &exact, 0, .plain)
            return rounded == quotient
        }
        return a.truncatingRemainder(dividingBy: b) == 0
    }

    private static func decimalQuotient(_ a: Double, _ b: Double) -> Decimal? {
        let range = 1e-60...1e60
        guard range.contains(abs(a)), range.contains(b) else { return nil }
        guard let numerator = Decimal(string: String(a)), let denominator = Decimal(string: String(b)),
            !denominator.isZero
        else { return nil }
        let quotient = numerator / denominator
        return quotient.isNaN ? nil : quotient
    }
}
