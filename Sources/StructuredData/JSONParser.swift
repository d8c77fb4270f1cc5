/// A strict RFC 8259 JSON parser that records the position of every value and refuses duplicate keys.
public struct JSONParser {
    private let bytes: [UInt8]
    private let file: String
    private let limits: Document.Limits
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var nodes = 0
    private var locations: [String: SourceLocation] = [:]
    /// Whether to record each value's location (the string-only entry point discards them, so it skips the work).
    private let tracksLocations: Bool

    private init(bytes: [UInt8], file: String, limits: Document.Limits, tracksLocations: Bool = true) {
        self.bytes = bytes
        self.file = file
        self.limits = limits
        self.tracksLocations = tracksLocations
    }

    /// Parses one JSON text.
    /// - Parameters:
    ///   - bytes: UTF-8 JSON text (a leading byte-order mark is skipped).
    ///   - file: the name used in locations and errors.
    ///   - limits: depth and size limits.
    public static func parse(
        _ bytes: [UInt8],
        file: String,
        limits: Document.Limits = .default
    ) throws(DocumentError) -> Document {
        var parser = JSONParser(bytes: bytes, file: file, limits: limits)
        let value = try parser.parseText()
        return Document(value: value, file: file, locations: parser.locations)
    }

    /// Parses a JSON text given as a string.
    public static func parse(_ text: String, file: String = "<input>") throws(DocumentError) -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8), file: file, limits: .default, tracksLocations: false)
        return try parser.parseText()
    }

    /// The whole text: an optional byte-order mark, one value, nothing after it.
    private mutating func parseText() throws(DocumentError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipWhitespace()
        let value = try parseValue(pointer: "", depth: 0)
        skipWhitespace()
        if index < bytes.count { throw error("unexpected content after the JSON value") }
        return value
    }

    private var here: SourceLocation {
        SourceLocation(file: file, line: line, column: index - lineStart + 1)
    }

    private func error(_ message: String, code: DocumentError.Code = .invalidJSON) -> DocumentError {
        DocumentError(code: code, location: here, message: message)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    private mutating func parseValue(pointer: String, depth: Int) throws(DocumentError) -> JSONValue {
        guard depth <= limits.maxDepth else {
            throw error("nesting is deeper than \(limits.maxDepth) levels", code: .tooDeep)
        }
        nodes += 1
        guard nodes <= limits.maxNodes else {
            throw error("document has more than \(limits.maxNodes) values", code: .tooLarge)
        }
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        if tracksLocations { locations[pointer] = here }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(pointer: pointer, depth: depth)
        case UInt8(ascii: "["): return try parseArray(pointer: pointer, depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default:
            throw error("unexpected character '\(Character(Unicode.Scalar(bytes[index])))', expected a value")
        }
    }

    private mutating func expectWord(_ word: String) throws(DocumentError) {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else {
            throw error("invalid literal, expected '\(word)'")
        }
        index += utf8.count
    }

    private mutating func parseObject(pointer: String, depth: Int) throws(DocumentError) -> JSONValue {
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a string key in object")
            }
            let keyLocation = here
            let key = try parseString()
            if members[key] != nil {
                throw DocumentError(
                    code: .duplicateKey,
                    location: keyLocation,
                    message: "duplicate key \"\(key)\" in object"
                )
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after object key")
            }
            index += 1
            skipWhitespace()
            members[key] = try parseValue(
                pointer: tracksLocations ? JSONPointer.appending(pointer, key) : "",
                depth: depth + 1
            )
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            throw error("expected ',' or '}' in object")
        }
    }

    private mutating func parseArray(pointer: String, depth: Int) throws(DocumentError) -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(
                try parseValue(
                    pointer: tracksLocations ? JSONPointer.appending(pointer, elements.count) : "",
                    depth: depth + 1
                )
            )
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            throw error("expected ',' or ']' in array")
        }
    }

    private mutating func parseString() throws(DocumentError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        var escaped = false
        func flush(_ parser: JSONParser, _ end: Int, into scalars: inout String.UnicodeScalarView) throws(DocumentError)
        {
            guard runStart < end else { return }
            guard let text = String(validating: parser.bytes[runStart..<end], as: UTF8.self) else {
                throw parser.error("string is not valid UTF-8", code: .notUTF8)
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                if !escaped {
                    // No escapes (the common case): the string is the bytes between the quotes.
                    guard let text = String(validating: bytes[runStart..<index], as: UTF8.self) else {
                        throw error("string is not valid UTF-8", code: .notUTF8)
                    }
                    index += 1
                    return text
                }
                try flush(self, index, into: &scalars)
                index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                escaped = true
                try flush(self, index, into: &scalars)
                index += 1
                guard index < bytes.count else { throw error("unterminated escape in string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    let high = try parseHex4()
                    if (0xD800...0xDBFF).contains(high) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { throw error("unpaired surrogate in \\u escape") }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid surrogate pair") }
                        let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                        scalars.append(Unicode.Scalar(combined)!)
                    } else if let scalar = Unicode.Scalar(high) {
                        scalars.append(scalar)
                    } else {
                        throw error("unpaired surrogate in \\u escape")
                    }
                default:
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))' in string")
                }
                runStart = index
            case 0x00...0x1F:
                throw error("control character in string; escape it")
            default:
                index += 1
            }
        }
    }

    private mutating func parseHex4() throws(DocumentError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(DocumentError) -> JSONValue {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("leading zeros are not allowed in numbers") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected digits after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected digits in exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let value = Int(text) { return .integer(value) }
        guard let value = Double(text) else { throw error("invalid number '\(text)'") }
        return .number(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
