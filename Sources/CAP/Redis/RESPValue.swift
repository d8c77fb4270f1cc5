/// A RESP2 value, as Redis replies with it.
public enum RESPValue: Sendable, Hashable {
    /// `+text`
    case simpleString(String)
    /// `-ERR text`
    case error(String)
    /// `:n`
    case integer(Int)
    /// `$n` bytes, or `$-1` (nil).
    case bulkString([UInt8]?)
    /// `*n` values, or `*-1` (nil).
    case array([RESPValue]?)
}
