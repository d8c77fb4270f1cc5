/// The encodings under which a secret can leave a worker without being the same bytes: percent-encoded (`%XX` in
/// either case, and `+` for spaces as in form bodies and queries), JSON-escaped, and base64 (standard and URL-safe,
/// with and without padding, and the part of its encoding that stays the same when the secret sits inside a longer
/// base64 value such as `Basic base64(user:token)`).
enum SecretForms {
    /// The shortest base64 core matched inside longer base64 text; shorter cores would mask unrelated text.
    static let minimumCoreLength = 8

    /// Every form of `secret`, the secret itself first, without duplicates.
    static func all(of secret: String) -> [String] {
        var forms = [secret]
        func add(_ form: String) {
            if !form.isEmpty, !forms.contains(form) { forms.append(form) }
        }
        let percent = percentEncoded(secret)
        add(percent)
        add(lowercasingEscapes(percent))
        add(percentEncoded(secret, spaceAsPlus: true))
        for escapes in JSONEscapes.variants { add(jsonEscaped(secret, escapes)) }
        let bytes = Array(secret.utf8)
        let standard = base64(bytes)
        for encoded in [standard, urlSafe(standard)] {
            add(encoded)
            add(String(encoded.reversed().drop { $0 == "=" }.reversed()))
        }
        for offset in 0..<3 {
            let core = base64Core(bytes, offset: offset)
            guard core.count >= minimumCoreLength else { continue }
            add(core)
            add(urlSafe(core))
        }
        return forms
    }

    /// `text` with everything but `A–Z a–z 0–9 - . _ ~` as `%XX` (upper-case hex); spaces as `+` when asked.
    static func percentEncoded(_ text: String, spaceAsPlus: Bool = false) -> String {
        var result = ""
        for byte in text.utf8 {
            if spaceAsPlus, byte == UInt8(ascii: " ") {
                result += "+"
            } else if isUnreserved(byte) {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += "%" + hex(byte, uppercase: true)
            }
        }
        return result
    }

    /// The hex digits of every `%XX` escape in lower case.
    private static func lowercasingEscapes(_ text: String) -> String {
        var result = ""
        var remaining = 0
        for character in text {
            if character == "%" {
                remaining = 2
                result.append(character)
            } else if remaining > 0 {
                remaining -= 1
                result += character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The optional escapes of JSON encoders.
    struct JSONEscapes: Sendable {
        /// `/` as `\/` (Foundation's encoder).
        var solidus = false
        /// `<`, `>`, `&` as `\u003c`… (Go's encoder).
        var html = false
        /// Every non-ASCII character as `\uXXXX` (Python's `ensure_ascii`).
        var nonASCII = false

        /// Minimal (Swift `withoutEscapingSlashes`, JavaScript), Foundation, Go, Python, and all of them.
        static let variants = [
            JSONEscapes(), JSONEscapes(solidus: true), JSONEscapes(html: true), JSONEscapes(nonASCII: true),
            JSONEscapes(solidus: true, html: true, nonASCII: true),
        ]
    }

    /// `text` as it appears between the quotes of a JSON string written with `escapes`.
    static func jsonEscaped(_ text: String, _ escapes: JSONEscapes) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "/" where escapes.solidus: result += "\\/"
            default:
                let html = escapes.html && (scalar == "<" || scalar == ">" || scalar == "&")
                if scalar.value < 0x20 || html || (escapes.nonASCII && scalar.value > 0x7E) {
                    for unit in String(scalar).utf16 { result += "\\u" + hex16(unit) }
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Standard base64 with padding.
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var result = ""
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            let b0 = bytes[index]
            let b1 = count > 1 ? bytes[index + 1] : 0
            let b2 = count > 2 ? bytes[index + 2] : 0
            let value = UInt32(b0) << 16 | UInt32(b1) << 8 | UInt32(b2)
            for position in 0..<4 {
                if position <= count {
                    result.append(alphabet[Int((value >> UInt32(18 - 6 * position)) & 0x3F)])
                } else {
                    result.append("=")
                }
            }
            index += 3
        }
        return result
    }

    /// The base64 characters that depend only on `bytes` when they follow `offset` other bytes and are followed by
    /// more: the whole 4-character groups that fall inside them.
    static func base64Core(_ bytes: [UInt8], offset: Int) -> String {
        let padded = [UInt8](repeating: 0, count: offset) + bytes
        let encoded = Array(base64(padded))
        let firstGroup = (offset + 2) / 3
        let endGroup = padded.count / 3
        guard endGroup > firstGroup else { return "" }
        return String(encoded[(firstGroup * 4)..<(endGroup * 4)])
    }

    private static func urlSafe(_ text: String) -> String {
        String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }

    private static func hex(_ byte: UInt8, uppercase: Bool) -> String {
        let text = String(byte, radix: 16, uppercase: uppercase)
        return text.count == 1 ? "0" + text : text
    }

    private static func hex16(_ unit: UInt16) -> String {
        let text = String(unit, radix: 16)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}
