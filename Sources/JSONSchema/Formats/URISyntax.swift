/// RFC 3986 URIs and URI references, and their RFC 3987 internationalized forms (IRIs).
enum URISyntax {
    private static let subDelimiters = Set("!$&'()*+,;=".unicodeScalars)

    static func isValid(_ string: String, allowRelative: Bool, international: Bool) -> Bool {
        var scalars = Substring(string).unicodeScalars[...]
        let checker = Checker(international: international)
        if let hash = scalars.firstIndex(of: "#") {
            guard checker.isQueryOrFragment(scalars[scalars.index(after: hash)...], isQuery: false) else {
                return false
            }
            scalars = scalars[..<hash]
        }
        if let question = scalars.firstIndex(of: "?") {
            guard checker.isQueryOrFragment(scalars[scalars.index(after: question)...], isQuery: true) else {
                return false
            }
            scalars = scalars[..<question]
        }
        var hasScheme = false
        if let colon = scalars.firstIndex(of: ":"), isScheme(scalars[..<colon]) {
            hasScheme = true
            scalars = scalars[scalars.index(after: colon)...]
        }
        guard hasScheme || allowRelative else { return false }
        if scalars.starts(with: "//".unicodeScalars) {
            let afterSlashes = scalars.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            guard checker.isAuthority(afterSlashes[..<end]) else { return false }
            return checker.isPath(afterSlashes[end...])
        }
        if !hasScheme {
            let firstSegment = scalars.prefix { $0 != "/" }
            if firstSegment.contains(":") { return false }
        }
        return checker.isPath(scalars)
    }

    private static func isScheme(_ scalars: Substring.UnicodeScalarView.SubSequence) -> Bool {
        guard let first = scalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return scalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "+" || scalar == "-"
                    || scalar == ".")
        }
    }

    private struct Checker {
        var international: Bool

        func isUnreserved(_ scalar: Unicode.Scalar) -> Bool {
            if !scalar.isASCII { return international && URISyntax.isUCSCharacter(scalar.value) }
            return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "."
                || scalar == "_" || scalar == "~"
        }

        /// Checks that every scalar passes `allowed` or starts a `%XX` escape.
        func allValid(
            _ scalars: Substring.UnicodeScalarView.SubSequence,
            _ allowed: (Unicode.Scalar) -> Bool
        ) -> Bool {
            var index = scalars.startIndex
            while index < scalars.endIndex {
                let scalar = scalars[index]
                if scalar == "%" {
                    let first = scalars.index(after: index)
                    guard first < scalars.endIndex, scalars[first].properties.isASCIIHexDigit else { return false }
                    let second = scalars.index(after: first)
                    guard second < scalars.endIndex, scalars[second].properties.isASCIIHexDigit else { return false }
                    index = scalars.index(after: second)
                    continue
                }
                guard allowed(scalar) else { return false }
                index = scalars.index(after: index)
            }
            return true
        }

        func isPathCharacter(_ scalar: Unicode.Scalar) -> Bool {
            isUnreserved(scalar) || URISyntax.subDelimiters.contains(scalar) || scalar == ":" || scalar == "@"
        }

        func isPath(_ scalars: Substring.UnicodeScalarView.SubSequence) -> Bool {
            allValid(scalars) { isPathCharacter($0) || $0 == "/" }
        }

        func isQueryOrFragment(_ scalars: Substring.UnicodeScalarView.SubSequence, isQuery: Bool) -> Bool {
            allValid(scalars) { scalar in
                if isPathCharacter(scalar) || scalar == "/" || scalar == "?" { return true }
                return isQuery && international && URISyntax.isPrivateUse(scalar.value)
            }
        }

        func isAuthority(_ authority: Substring.UnicodeScalarView.SubSequence) -> Bool {
            var hostAndPort = authority
            if let at = authority.firstIndex(of: "@") {
                let userInfo = authority[..<at]
                guard allValid(userInfo, { isUnreserved($0) || URISyntax.subDelimiters.contains($0) || $0 == ":" })
                else { return false }
                hostAndPort = authority[authority.index(after: at)...]
            }
            var port: Substring.UnicodeScalarView.SubSequence = hostAndPort[hostAndPort.endIndex...]
            if hostAndPort.first == "[" {
                guard let close = hostAndPort.firstIndex(of: "]") else { return false }
                let literal = String(
                    String.UnicodeScalarView(hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close])
                )
                guard URISyntax.isIPLiteral(literal) else { return false }
                let rest = hostAndPort[hostAndPort.index(after: close)...]
                if !rest.isEmpty {
                    guard rest.first == ":" else { return false }
                    port = rest.dropFirst()
                }
            } else {
                var host = hostAndPort
                if let colon = hostAndPort.firstIndex(of: ":") {
                    host = hostAndPort[..<colon]
                    port = hostAndPort[hostAndPort.index(after: colon)...]
                }
                guard allValid(host, { isUnreserved($0) || URISyntax.subDelimiters.contains($0) }) else { return false }
            }
            return port.allSatisfy { ("0"..."9").contains($0) }
        }
    }

    /// `IPv6address` or `IPvFuture` inside brackets.
    private static func isIPLiteral(_ literal: String) -> Bool {
        if literal.first == "v" || literal.first == "V" {
            let body = literal.dropFirst()
            guard let dot = body.firstIndex(of: "."), dot != body.startIndex,
                body[..<dot].allSatisfy(\.isHexDigit)
            else { return false }
            let rest = body[body.index(after: dot)...]
            return !rest.isEmpty
                && rest.unicodeScalars.allSatisfy { scalar in
                    scalar.isASCII
                        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                            || "-._~:".unicodeScalars.contains(scalar) || subDelimiters.contains(scalar))
                }
        }
        return IPAddressFormat.isIPv6(literal)
    }

    /// RFC 3987 `ucschar`.
    static func isUCSCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0xA0...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF: return true
        case 0x10000...0xEFFFD: return value & 0xFFFF <= 0xFFFD
        default: return false
        }
    }

    /// RFC 3987 `iprivate`, allowed only in queries.
    static func isPrivateUse(_ value: UInt32) -> Bool {
        (0xE000...0xF8FF).contains(value) || (0xF0000...0xFFFFD).contains(value)
            || (0x100000...0x10FFFD).contains(value)
    }
}
