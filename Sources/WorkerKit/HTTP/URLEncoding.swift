/// Percent-encoding for URL paths and queries (RFC 3986 unreserved characters pass through), for workers that
/// build vendor URLs from job input (repository names, branches, file paths, query values).
public enum URLEncoding {
    /// `text` with everything but `A–Z a–z 0–9 - . _ ~` percent-encoded.
    public static func component(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    /// `text` with each `/`-separated segment encoded and the slashes kept (refs, branches, file paths).
    public static func path(_ text: String) -> String {
        text.split(separator: "/", omittingEmptySubsequences: false).map { component(String($0)) }
            .joined(separator: "/")
    }
}
