import NIOCore

/// Splits Redis's byte stream into ``RESPValue``s (RESP2).
///
/// Incomplete values wait for more bytes; anything else throws ``RedisError/Code/protocolViolation``.
struct RESPDecoder: ByteToMessageDecoder {
    typealias InboundOut = RESPValue

    /// The largest bulk string or array accepted.
    var maxLength = 512 * 1024 * 1024
    /// The deepest nesting of arrays accepted.
    var maxDepth = 32

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let value = try decodeValue(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(value))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    /// Decodes one value, consuming it, or returns `nil` (consuming nothing) if it is incomplete.
    func decodeValue(_ buffer: inout ByteBuffer) throws -> RESPValue? {
        var copy = buffer
        guard let value = try parse(&copy, depth: 0) else { return nil }
        buffer = copy
        return value
    }

    private func parse(_ buffer: inout ByteBuffer, depth: Int) throws -> RESPValue? {
        guard depth <= maxDepth else { throw violation("arrays nested too deeply") }
        guard let marker = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        guard let line = try readLine(&buffer, skip: 1) else { return nil }
        switch marker {
        case UInt8(ascii: "+"): return .simpleString(line)
        case UInt8(ascii: "-"): return .error(line)
        case UInt8(ascii: ":"):
            guard let value = Int(line) else { throw violation("bad integer") }
            return .integer(value)
        case UInt8(ascii: "$"):
            guard let length = Int(line), length >= -1, length <= maxLength else { throw violation("bad bulk length") }
            if length == -1 { return .bulkString(nil) }
            guard buffer.readableBytes >= length + 2 else { return nil }
            let bytes = buffer.readBytes(length: length)!
            guard buffer.readInteger(as: UInt8.self) == UInt8(ascii: "\r"),
                buffer.readInteger(as: UInt8.self) == UInt8(ascii: "\n")
            else { throw violation("bulk string not followed by CRLF") }
            return .bulkString(bytes)
        case UInt8(ascii: "*"):
            guard let count = Int(line), count >= -1, count <= maxLength else { throw violation("bad array length") }
            if count == -1 { return .array(nil) }
            var values: [RESPValue] = []
            values.reserveCapacity(min(count, 1024))
            for _ in 0..<count {
                guard let value = try parse(&buffer, depth: depth + 1) else { return nil }
                values.append(value)
            }
            return .array(values)
        default:
            throw violation("unknown type marker")
        }
    }

    private func readLine(_ buffer: inout ByteBuffer, skip: Int) throws -> String? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > 64 * 1024 { throw violation("line too long") }
            return nil
        }
        guard newline - view.startIndex >= skip + 1, view[newline - 1] == UInt8(ascii: "\r") else {
            throw violation("line not ended by CRLF")
        }
        let length = newline - view.startIndex + 1
        buffer.moveReaderIndex(forwardBy: skip)
        let text = buffer.readString(length: length - skip - 2)
        buffer.moveReaderIndex(forwardBy: 2)
        guard let text else { throw violation("line is not UTF-8") }
        return text
    }

    private func violation(_ what: String) -> RedisError {
        RedisError(.protocolViolation, "The server sent invalid RESP (\(what)).")
    }
}
