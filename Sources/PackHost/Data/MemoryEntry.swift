import Foundation
public import StructuredData
public import WorkflowEngine

/// A stored memory value, as `GET /api/v1/memory` shows it.
public struct MemoryEntry: Sendable, Hashable {
    /// Where it is.
    public var pointer: MemoryPointer
    /// The stored bytes.
    public var bytes: [UInt8]
    /// When it was written.
    public var createdAt: Timestamp
    /// When it lapses.
    public var expiresAt: Timestamp

    /// Creates an entry.
    public init(pointer: MemoryPointer, bytes: [UInt8], createdAt: Timestamp, expiresAt: Timestamp) {
        self.pointer = pointer
        self.bytes = bytes
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    /// The value as JSON, when the bytes are a JSON text.
    public var jsonValue: JSONValue? { try? JSONParser.parse(bytes, file: pointer.description).value }

    /// The value as text, when the bytes are UTF-8.
    public var text: String? { String(validating: bytes, as: UTF8.self) }

    /// `{pointer, key, kind, size_bytes, base64, text?, json?}`.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "pointer": .string(pointer.description),
            "key": .string(pointer.key),
            "kind": .string(pointer.kind.rawValue),
            "size_bytes": .integer(bytes.count),
            "base64": .string(Data(bytes).base64EncodedString()),
        ]
        if let text { object["text"] = .string(text) }
        if let jsonValue { object["json"] = jsonValue }
        return .object(object)
    }
}
