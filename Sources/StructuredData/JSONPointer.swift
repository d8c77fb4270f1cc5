/// RFC 6901 JSON Pointer helpers.
public enum JSONPointer {
    /// Escapes one reference token (`~` → `~0`, `/` → `~1`).
    public static func escape(_ token: String) -> String {
        // Most keys hold neither character; skip the two replacing passes for them (parsing is hot).
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    /// Unescapes one reference token.
    public static func unescape(_ token: String) -> String {
        guard token.utf8.contains(UInt8(ascii: "~")) else { return token }
        return token.replacing("~1", with: "/").replacing("~0", with: "~")
    }

    /// Appends a member name or index to a pointer.
    public static func appending(_ pointer: String, _ token: String) -> String {
        pointer + "/" + escape(token)
    }

    /// Appends an array index to a pointer.
    public static func appending(_ pointer: String, _ index: Int) -> String {
        pointer + "/" + String(index)
    }

    /// Splits a pointer into its unescaped tokens; `""` is the whole document.
    public static func tokens(_ pointer: String) -> [String] {
        guard !pointer.isEmpty else { return [] }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            unescape(String($0))
        }
    }

    /// Resolves a pointer against a value.
    public static func resolve(_ pointer: String, in value: JSONValue) -> JSONValue? {
        var current = value
        for token in tokens(pointer) {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(token), index >= 0, index < elements.count,
                    token == String(index)
                else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Renders a pointer as a dotted field path for messages (`/topics/2/riskTags/0` → `topics[2].riskTags[0]`).
    public static func fieldPath(_ pointer: String) -> String {
        var result = ""
        for token in tokens(pointer) {
            if let index = Int(token), token == String(index) {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? token : "." + token
            }
        }
        return result
    }
}
