/// Dotted-quad IPv4 (RFC 2673 §3.2, no leading zeros) and RFC 4291 §2.2 IPv6 text forms.
enum IPAddressFormat {
    static func isIPv4(_ string: String) -> Bool {
        let parts = string.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                part.utf8.count == 1 || part.utf8.first != UInt8(ascii: "0"), let value = Int(part)
            else { return false }
            return value <= 255
        }
    }

    static func isIPv6(_ string: String) -> Bool {
        guard !string.isEmpty, string.unicodeScalars.allSatisfy({ $0.isASCII }) else { return false }
        var text = Substring(string)
        var groupLimit = 8
        // A trailing dotted IPv4 part stands for two groups.
        if let lastColon = text.lastIndex(of: ":"), text[lastColon...].contains(".") {
            guard isIPv4(String(text[text.index(after: lastColon)...])) else { return false }
            text = text[...lastColon]
            if !text.hasSuffix("::") { text = text.dropLast() }
            groupLimit = 6
        }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { return false }
        func groups(_ half: String) -> Int? {
            if half.isEmpty { return 0 }
            let parts = half.split(separator: ":", omittingEmptySubsequences: false)
            for part in parts {
                guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit) else { return nil }
            }
            return parts.count
        }
        guard let first = groups(halves[0]) else { return false }
        if halves.count == 1 { return first == groupLimit }
        guard let second = groups(halves[1]) else { return false }
        return first + second < groupLimit
    }
}
