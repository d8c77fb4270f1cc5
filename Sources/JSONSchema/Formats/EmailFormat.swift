/// RFC 5321 mailboxes (`local-part@domain`), and their RFC 6531 internationalized form.
enum EmailFormat {
    private static let atomSymbols = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    static func isValid(_ string: String, international: Bool) -> Bool {
        let scalars = Array(string.unicodeScalars)
        guard let at = localPartEnd(scalars, international: international), at > 0 else { return false }
        var localPart = ""
        localPart.unicodeScalars.append(contentsOf: scalars[..<at])
        guard localPart.utf8.count <= 64 else { return false }
        var domain = ""
        domain.unicodeScalars.append(contentsOf: scalars[(at + 1)...])
        return isDomain(domain, international: international)
    }

    /// The index of the `@` that ends a valid local part, or nil.
    private static func localPartEnd(_ scalars: [Unicode.Scalar], international: Bool) -> Int? {
        guard let first = scalars.first else { return nil }
        if first == "\"" {
            var index = 1
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "\"" {
                    return index + 1 < scalars.count && scalars[index + 1] == "@" ? index + 1 : nil
                }
                if scalar == "\\" {
                    guard index + 1 < scalars.count, isQuotable(scalars[index + 1], international: international) else {
                        return nil
                    }
                    index += 2
                    continue
                }
                guard isQuotable(scalar, international: international) else { return nil }
                index += 1
            }
            return nil
        }
        guard let at = scalars.firstIndex(of: "@") else { return nil }
        var previousWasDot = true
        for scalar in scalars[..<at] {
            if scalar == "." {
                guard !previousWasDot else { return nil }
                previousWasDot = true
            } else {
                guard isAtomCharacter(scalar, international: international) else { return nil }
                previousWasDot = false
            }
        }
        return previousWasDot ? nil : at
    }

    private static func isAtomCharacter(_ scalar: Unicode.Scalar, international: Bool) -> Bool {
        if !scalar.isASCII { return international }
        return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || atomSymbols.contains(scalar)
    }

    private static func isQuotable(_ scalar: Unicode.Scalar, international: Bool) -> Bool {
        if !scalar.isASCII { return international }
        return scalar.value >= 32 && scalar.value <= 126
    }

    private static func isDomain(_ domain: String, international: Bool) -> Bool {
        if domain.hasPrefix("[") && domain.hasSuffix("]") {
            let literal = String(domain.dropFirst().dropLast())
            if literal.lowercased().hasPrefix("ipv6:") { return IPAddressFormat.isIPv6(String(literal.dropFirst(5))) }
            return IPAddressFormat.isIPv4(literal)
        }
        return international ? HostnameFormat.isIDNHostname(domain) : HostnameFormat.isHostname(domain)
    }
}
