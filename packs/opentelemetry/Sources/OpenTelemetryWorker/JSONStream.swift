import StructuredData

/// Top-level JSON values written one after another (newline-delimited or not), split by bracket depth outside
/// strings and parsed one by one.
enum JSONStream {
    static func values(_ bytes: [UInt8]) -> [JSONValue]? {
        var values: [JSONValue] = []
        var depth = 0
        var inString = false
        var escaped = false
        var start: Int?
        for (index, byte) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 0 { start = index }
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                guard depth >= 0 else { return nil }
                if depth == 0, let first = start {
                    guard let value = try? JSONParser.parse(Array(bytes[first...index]), file: "chunk").value else {
                        return nil
                    }
                    values.append(value)
                    start = nil
                }
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): break
            default: if depth == 0 { return nil }
            }
        }
        return depth == 0 && !inString ? values : nil
    }
}
