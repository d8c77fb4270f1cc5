public import StructuredData

extension RecordedRequest {
    /// The request and its answer as one exchange-log line (the JSON-lines format `packctl contract check` reads,
    /// docs/contracts.md): `{"request": {"method", "url", "headers", "body"}, "response": {"status", "headers",
    /// "body"}}`. Credentials in request headers are already redacted; `secrets` are replaced by `[REDACTED]`
    /// wherever else they appear (e.g. a token the emulator issued in a response body).
    public func exchangeJSON(redacting secrets: [String] = []) -> JSONValue {
        func scrub(_ text: String) -> String {
            secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacing($1, with: "[REDACTED]") }
        }
        var url = path
        if !query.isEmpty {
            url += "?" + query.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
        }
        var exchange: [String: JSONValue] = [
            "request": [
                "method": .string(method), "url": .string(url),
                "headers": .object(headers.mapValues { .string(scrub($0)) }), "body": .string(scrub(body)),
            ]
        ]
        if status > 0 {
            exchange["response"] = [
                "status": .integer(status), "headers": .object(responseHeaders.mapValues { .string(scrub($0)) }),
                "body": .string(scrub(responseBody)),
            ]
        }
        return .object(exchange)
    }

    /// Percent-encodes a query name or value (unreserved characters stay as they are).
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.append(Character(UnicodeScalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}

extension RequestLog {
    /// Every completed entry as an exchange log: one JSON object per line, oldest first (see
    /// ``RecordedRequest/exchangeJSON(redacting:)``).
    public func exchangeLog(redacting secrets: [String] = []) -> String {
        entries.map { JSONEncoding.compact($0.exchangeJSON(redacting: secrets)) + "\n" }.joined()
    }
}
