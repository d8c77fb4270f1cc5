/// RFC 1123 host names (with IDNA A-labels checked) and IDNA2008 internationalized host names.
enum HostnameFormat {
    /// The label separators IDNA accepts besides `.`: ideographic, fullwidth and halfwidth full stops.
    private static let idnSeparators: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]

    static func isHostname(_ string: String) -> Bool {
        guard !string.isEmpty, string.utf8.count <= 253, string.unicodeScalars.allSatisfy(\.isASCII) else {
            return false
        }
        var uLabels: [[Unicode.Scalar]] = []
        for label in string.split(separator: ".", omittingEmptySubsequences: false) {
            guard isLDHLabel(label) else { return false }
            if label.lowercased().hasPrefix("xn--") {
                guard let decoded = decodeALabel(label) else { return false }
                uLabels.append(decoded)
            } else {
                uLabels.append(Array(label.unicodeScalars))
            }
        }
        return IDNA.satisfiesBidiRule(uLabels)
    }

    static func isIDNHostname(_ string: String) -> Bool {
        guard !string.isEmpty else { return false }
        var labels: [[Unicode.Scalar]] = [[]]
        for scalar in string.unicodeScalars {
            if idnSeparators.contains(scalar) {
                labels.append([])
            } else {
                labels[labels.count - 1].append(scalar)
            }
        }
        var uLabels: [[Unicode.Scalar]] = []
        var asciiLength = labels.count - 1
        for label in labels {
            guard !label.isEmpty else { return false }
            if label.allSatisfy(\.isASCII) {
                var text = ""
                text.unicodeScalars.append(contentsOf: label)
                guard isLDHLabel(Substring(text)) else { return false }
                asciiLength += text.utf8.count
                if text.lowercased().hasPrefix("xn--") {
                    guard let decoded = decodeALabel(Substring(text)) else { return false }
                    uLabels.append(decoded)
                } else {
                    uLabels.append(label)
                }
            } else {
                // An A-label is at least as long as its U-label, and at most 63 octets.
                guard label.count <= 63, IDNA.isValidULabel(label), let encoded = Punycode.encode(label),
                    encoded.utf8.count + 4 <= 63
                else { return false }
                asciiLength += encoded.utf8.count + 4
                uLabels.append(label)
            }
        }
        return asciiLength <= 253 && IDNA.satisfiesBidiRule(uLabels)
    }

    /// Letters, digits and hyphens, 1 to 63 of them, not starting or ending with a hyphen.
    private static func isLDHLabel(_ label: Substring) -> Bool {
        guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-" else { return false }
        return label.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
        }
    }

    /// Decodes an `xn--` label and checks it is a valid, canonical A-label of a valid U-label.
    private static func decodeALabel(_ label: Substring) -> [Unicode.Scalar]? {
        let encoded = label.dropFirst(4).lowercased()
        guard let decoded = Punycode.decode(encoded), !decoded.allSatisfy(\.isASCII),
            Punycode.encode(decoded) == encoded, IDNA.isValidULabel(decoded)
        else { return nil }
        return decoded
    }
}
