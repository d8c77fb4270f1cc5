/// A paging parameter a client sent that is not valid; emulators turn it into the vendor's 400.
public struct PaginationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The query parameter.
    public var parameter: String
    /// The value sent.
    public var value: String
    /// What would be valid.
    public var expected: String

    /// Creates an error.
    public init(parameter: String, value: String, expected: String) {
        self.parameter = parameter
        self.value = value
        self.expected = expected
    }

    /// `` `limit` must be an integer from 1 to 100 (got "abc") ``.
    public var description: String {
        "`\(parameter)` must be \(expected) (got \"\(value.prefix(80))\")"
    }
}

/// How a position in a list is written as a cursor or page token.
public struct PageCursorCodec: Sendable {
    /// Writes an offset.
    public var encode: @Sendable (Int) -> String
    /// Reads one back (`nil` when it is not one this codec wrote).
    public var decode: @Sendable (String) -> Int?

    /// Creates a codec.
    public init(encode: @escaping @Sendable (Int) -> String, decode: @escaping @Sendable (String) -> Int?) {
        self.encode = encode
        self.decode = decode
    }

    /// Opaque tokens: base64url of `offset:<n>` (clients must not build them).
    public static let opaque = PageCursorCodec(
        encode: { offset in base64URL(Array("offset:\(offset)".utf8)) },
        decode: { token in
            guard let bytes = JWTVerifier.base64URLDecode(token) else { return nil }
            let text = String(decoding: bytes, as: UTF8.self)
            guard text.hasPrefix("offset:"), let offset = Int(text.dropFirst(7)), offset >= 0 else { return nil }
            return offset
        }
    )

    /// The offset in decimal.
    public static let decimal = PageCursorCodec(
        encode: { String($0) },
        decode: { text in Int(text).flatMap { $0 >= 0 ? $0 : nil } }
    )

    private static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value = 0
            for (offset, byte) in chunk.enumerated() { value |= Int(byte) << (16 - 8 * offset) }
            for position in 0..<(chunk.count + 1) { out.append(alphabet[(value >> (18 - 6 * position)) & 63]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Pagination {
    /// A page size from a query parameter: `defaultSize` when absent; an error when not an integer from 1 to `max`.
    static func size(
        _ request: EmulatorRequest,
        parameter: String,
        defaultSize: Int,
        max: Int
    ) throws(PaginationError) -> Int {
        guard let text = request.queryValue(parameter) else { return defaultSize }
        guard let size = Int(text), size >= 1, size <= max else {
            throw PaginationError(parameter: parameter, value: text, expected: "an integer from 1 to \(max)")
        }
        return size
    }

    /// The slice of `items` from `offset`, at most `size` long (empty past the end).
    static func slice<Item>(_ items: [Item], offset: Int, size: Int) -> [Item] {
        let start = min(items.count, max(0, offset))
        let end = start + min(size, items.count - start)
        return Array(items[start..<end])
    }
}
