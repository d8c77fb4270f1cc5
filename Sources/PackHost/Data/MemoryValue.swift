public import StructuredData

/// What is stored under a memory key: a JSON value (stored as compact JSON) or raw bytes.
public enum MemoryValue: Sendable, Hashable {
    /// A JSON value.
    case json(JSONValue)
    /// Raw bytes, stored as given.
    case bytes([UInt8])

    /// The bytes to store.
    public var bytes: [UInt8] {
        switch self {
        case .json(let value): Array(JSONEncoding.compact(value).utf8)
        case .bytes(let bytes): bytes
        }
    }
}
