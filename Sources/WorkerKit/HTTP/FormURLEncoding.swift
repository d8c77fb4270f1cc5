/// The `application/x-www-form-urlencoded` serializer of the WHATWG URL standard (§5.2, as `URLSearchParams` and
/// HTML forms use it): names and values are UTF-8 encoded; `A–Z a–z 0–9 * - . _` pass through, a space becomes
/// `+`, every other byte becomes `%XX` (upper-case hex; so `~` is `%7E`, unlike ``URLEncoding``). Pairs keep their
/// order and may repeat a name. Line breaks are sent as given (no CRLF normalisation: an API body, not a page's form).
///
/// Written here rather than taken from Foundation: `URLComponents` encodes queries by RFC 3986 (it leaves `+`, `/`,
/// `?` and `~` alone and writes spaces as `%20`), which a form body must not.
public enum FormURLEncoding {
    /// `pairs` serialized as `name=value&name=value`.
    /// - Parameter pairs: The names and values, in order.
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { component($0.0) + "=" + component($0.1) }.joined(separator: "&")
    }

    /// One name or value, encoded.
    /// - Parameter text: The text.
    public static func component(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                result.append("+")
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
