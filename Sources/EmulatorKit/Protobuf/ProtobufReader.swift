/// Reads the protocol buffers wire format field by field: varints, 64-bit and 32-bit fixed values, length-delimited
/// values (strings, bytes, embedded messages, packed repeated fields) and groups, which it skips. Every read is
/// bounds-checked: bad input (a truncated value, a varint over ten bytes, a length past the end, field number 0, wire
/// types 6 and 7, groups nested too deeply or not closed) throws ``ProtobufError`` naming the byte offset, never
/// crashes and never reads past the buffer.
///
/// ```swift
/// var reader = ProtobufReader(bytes)
/// while let field = try reader.next() {
///     switch field.number {
///     case 1: name = try field.string()
///     case 7: start = try field.fixed64()
///     default: break                        // unknown fields are skipped by next()
///     }
/// }
/// ```
///
/// Written here rather than taken from swift-protobuf: an emulator that accepts OTLP/HTTP protobuf exports would
/// otherwise need the OpenTelemetry messages generated and committed (the project commits no generated code but
/// CAP's), and swift-otel's generated OTLP types are not importable (`package` access). Decoding a handful of
/// messages by field number with this reader is short and is tested with malformed input.
public struct ProtobufReader: Sendable {
    /// The buffer.
    private let bytes: [UInt8]
    /// The next byte to read.
    public private(set) var offset: Int
    /// Where this reader stops (exclusive).
    private let end: Int
    /// How deeply groups may nest before the input is refused.
    static let maxGroupDepth = 64

    /// A reader over `bytes`.
    /// - Parameter bytes: An encoded message.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
        self.end = bytes.count
    }

    private init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
    }

    /// Whether every byte was read.
    public var isAtEnd: Bool { offset >= end }

    /// The next field, or `nil` at the end of the message. Groups (wire types 3 and 4, deprecated) are skipped.
    /// - Throws: ``ProtobufError`` for malformed input.
    public mutating func next() throws(ProtobufError) -> ProtobufField? {
        while offset < end {
            let start = offset
            let (number, wireType) = try tag()
            switch wireType {
            case 0:
                return ProtobufField(number: number, value: .varint(try varint()), offset: start)
            case 1:
                return ProtobufField(number: number, value: .fixed64(try fixed(8)), offset: start)
            case 2:
                let length = try varint()
                guard length <= UInt64(end - offset) else {
                    throw ProtobufError(
                        offset: offset,
                        reason: "field \(number) says it is \(length) bytes long but only \(end - offset) remain"
                    )
                }
                let range = offset..<(offset + Int(length))
                offset = range.upperBound
                return ProtobufField(
                    number: number,
                    value: .bytes(ProtobufBytes(bytes: bytes, range: range)),
                    offset: start
                )
            case 3:
                try skipGroup(number, depth: 1)
            case 5:
                return ProtobufField(number: number, value: .fixed32(UInt32(try fixed(4))), offset: start)
            case 4:
                throw ProtobufError(offset: start, reason: "field \(number) ends a group that was never started")
            default:
                throw ProtobufError(offset: start, reason: "field \(number) has the unknown wire type \(wireType)")
            }
        }
        return nil
    }

    /// Every field of the message, in order.
    /// - Throws: ``ProtobufError`` for malformed input.
    public mutating func fields() throws(ProtobufError) -> [ProtobufField] {
        var all: [ProtobufField] = []
        while let field = try next() { all.append(field) }
        return all
    }

    private mutating func tag() throws(ProtobufError) -> (Int, UInt8) {
        let start = offset
        let key = try varint()
        let number = key >> 3
        guard number >= 1, number <= 536_870_911 else {
            throw ProtobufError(offset: start, reason: "field number \(number) is outside 1…536870911")
        }
        return (Int(number), UInt8(key & 7))
    }

    private mutating func varint() throws(ProtobufError) -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < end {
            let byte = bytes[offset]
            offset += 1
            if shift == 63, byte > 1 {
                throw ProtobufError(offset: start, reason: "a varint overflows 64 bits")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ProtobufError(offset: start, reason: "a varint is longer than 10 bytes") }
        }
        throw ProtobufError(offset: start, reason: "a varint is cut off by the end of the message")
    }

    private mutating func fixed(_ size: Int) throws(ProtobufError) -> UInt64 {
        guard end - offset >= size else {
            throw ProtobufError(
                offset: offset,
                reason: "a \(size * 8)-bit value needs \(size) bytes but only \(end - offset) remain"
            )
        }
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += size
        return value
    }

    private mutating func skipGroup(_ number: Int, depth: Int) throws(ProtobufError) {
        guard depth <= Self.maxGroupDepth else {
            throw ProtobufError(offset: offset, reason: "groups nest more than \(Self.maxGroupDepth) deep")
        }
        while offset < end {
            let start = offset
            let (inner, wireType) = try tag()
            switch wireType {
            case 0: _ = try varint()
            case 1: _ = try fixed(8)
            case 2:
                let length = try varint()
                guard length <= UInt64(end - offset) else {
                    throw ProtobufError(offset: offset, reason: "a value inside group \(number) runs past the end")
                }
                offset += Int(length)
            case 3: try skipGroup(inner, depth: depth + 1)
            case 4:
                guard inner == number else {
                    throw ProtobufError(offset: start, reason: "group \(number) is closed as group \(inner)")
                }
                return
            case 5: _ = try fixed(4)
            default:
                throw ProtobufError(offset: start, reason: "field \(inner) has the unknown wire type \(wireType)")
            }
        }
        throw ProtobufError(offset: offset, reason: "group \(number) is not closed before the end of the message")
    }

    /// A reader over an embedded message's bytes.
    static func embedded(_ slice: ProtobufBytes) -> ProtobufReader {
        ProtobufReader(bytes: slice.bytes, range: slice.range)
    }
}

/// A length-delimited value: a view into the reader's buffer.
public struct ProtobufBytes: Sendable {
    let bytes: [UInt8]
    let range: Range<Int>

    /// The bytes.
    public var array: [UInt8] { Array(bytes[range]) }
    /// How many bytes.
    public var count: Int { range.count }
}

/// One field of a message: its number, its value as the wire carried it, and where it started.
public struct ProtobufField: Sendable {
    /// A value as the wire carries it.
    public enum Value: Sendable {
        /// Wire type 0: int32, int64, uint32, uint64, sint32, sint64, bool, enum.
        case varint(UInt64)
        /// Wire type 1: fixed64, sfixed64, double.
        case fixed64(UInt64)
        /// Wire type 2: string, bytes, embedded messages, packed repeated fields.
        case bytes(ProtobufBytes)
        /// Wire type 5: fixed32, sfixed32, float.
        case fixed32(UInt32)
    }

    /// The field number.
    public var number: Int
    /// The value.
    public var value: Value
    /// The byte offset of its tag, for errors.
    public var offset: Int

    /// A varint as an unsigned integer (uint32, uint64, enum).
    public func uint64() throws(ProtobufError) -> UInt64 {
        guard case .varint(let value) = value else { throw mismatch("a varint") }
        return value
    }

    /// A varint as a signed integer (int32, int64: two's complement).
    public func int64() throws(ProtobufError) -> Int64 { Int64(bitPattern: try uint64()) }

    /// A varint as a bool.
    public func bool() throws(ProtobufError) -> Bool { try uint64() != 0 }

    /// A 64-bit fixed value (fixed64).
    public func fixed64() throws(ProtobufError) -> UInt64 {
        guard case .fixed64(let value) = value else { throw mismatch("a 64-bit value") }
        return value
    }

    /// A 32-bit fixed value (fixed32).
    public func fixed32() throws(ProtobufError) -> UInt32 {
        guard case .fixed32(let value) = value else { throw mismatch("a 32-bit value") }
        return value
    }

    /// A double (a 64-bit fixed value).
    public func double() throws(ProtobufError) -> Double { Double(bitPattern: try fixed64()) }

    /// The bytes of a length-delimited value.
    public func bytes() throws(ProtobufError) -> [UInt8] {
        guard case .bytes(let slice) = value else { throw mismatch("a length-delimited value") }
        return slice.array
    }

    /// A string (UTF-8 is checked).
    public func string() throws(ProtobufError) -> String {
        let raw = try bytes()
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw ProtobufError(offset: offset, reason: "field \(number) is not valid UTF-8")
        }
        return text
    }

    /// A reader over an embedded message.
    public func message() throws(ProtobufError) -> ProtobufReader {
        guard case .bytes(let slice) = value else { throw mismatch("an embedded message") }
        return ProtobufReader.embedded(slice)
    }

    private func mismatch(_ expected: String) -> ProtobufError {
        let found =
            switch value {
            case .varint: "a varint"
            case .fixed64: "a 64-bit value"
            case .bytes: "a length-delimited value"
            case .fixed32: "a 32-bit value"
            }
        return ProtobufError(offset: offset, reason: "field \(number) should be \(expected) but is \(found)")
    }
}

/// Malformed protobuf input: where and why.
public struct ProtobufError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The byte offset at fault.
    public var offset: Int
    /// What is wrong.
    public var reason: String

    /// An error.
    /// - Parameters:
    ///   - offset: The byte offset.
    ///   - reason: What is wrong.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "malformed protobuf at byte \(offset): \(reason)" }
}
