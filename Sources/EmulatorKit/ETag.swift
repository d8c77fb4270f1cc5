/// Entity tags and conditional GETs (`If-None-Match` → `304 Not Modified`).
public enum ETag {
    /// A weak entity tag for a body: `W/"<32 hex digits>"` (two 64-bit FNV-1a hashes; stable across runs).
    public static func value(for body: [UInt8]) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x84222325_cbf29ce4
        for byte in body {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte ^ 0x5c)) &* 0x0000_0100_0000_01b3
        }
        return "W/\"\(hex(first))\(hex(second))\""
    }

    /// Adds an `ETag` to a successful GET or HEAD answer; when the request's `If-None-Match` names it (weak
    /// comparison, lists and `*` understood) answers `304 Not Modified` with the same headers and no body.
    /// Other methods and statuses pass unchanged.
    public static func conditional(_ response: EmulatorResponse, for request: EmulatorRequest) -> EmulatorResponse {
        guard request.method == "GET" || request.method == "HEAD", response.status == 200 else { return response }
        var response = response
        let tag = value(for: response.body)
        response.headers["etag"] = tag
        if let condition = request.header("if-none-match"), matches(condition, tag) {
            response.status = 304
            response.body = []
            response.headers["content-type"] = nil
        }
        return response
    }

    /// Whether an `If-None-Match` value names `tag` (weak comparison).
    public static func matches(_ condition: String, _ tag: String) -> Bool {
        let wanted = opaque(tag)
        return condition.split(separator: ",").contains { candidate in
            let trimmed = String(
                candidate.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
            )
            return trimmed == "*" || opaque(trimmed) == wanted
        }
    }

    private static func opaque(_ tag: String) -> String {
        tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
