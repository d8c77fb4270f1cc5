/// RFC 8288 `Link` headers, as vendors use them for pagination: `<https://…?page=2>; rel="next", <…>; rel="last"`.
public enum LinkHeader {
    /// The target of the first link whose `rel` includes `relation`, across all given header values.
    public static func target(rel relation: String, in values: [String]) -> String? {
        for value in values {
            for link in split(value) {
                guard let open = link.firstIndex(of: "<"), let close = link[open...].firstIndex(of: ">") else {
                    continue
                }
                let target = String(link[link.index(after: open)..<close])
                let parameters = link[link.index(after: close)...].split(separator: ";")
                for parameter in parameters {
                    let parts = parameter.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2, parts[0].trimmingBlanksLowercased() == "rel" else { continue }
                    let rels = parts[1].trimmingBlanks().trimmingQuotes().split(separator: " ")
                    if rels.contains(where: { $0.lowercased() == relation.lowercased() }) { return target }
                }
            }
        }
        return nil
    }

    /// Splits a header value at the commas between links (not those inside `<…>` or quotes).
    private static func split(_ value: String) -> [Substring] {
        var links: [Substring] = []
        var start = value.startIndex
        var inAngle = false
        var inQuote = false
        for index in value.indices {
            switch value[index] {
            case "<" where !inQuote: inAngle = true
            case ">" where !inQuote: inAngle = false
            case "\"" where !inAngle: inQuote.toggle()
            case "," where !inAngle && !inQuote:
                links.append(value[start..<index])
                start = value.index(after: index)
            default: break
            }
        }
        links.append(value[start...])
        return links
    }
}

extension StringProtocol {
    fileprivate func trimmingBlanksLowercased() -> String { String(self).trimmingBlanks().lowercased() }
    fileprivate func trimmingQuotes() -> Substring {
        let text = Substring(self)
        guard text.count >= 2, text.first == "\"", text.last == "\"" else { return text }
        return text.dropFirst().dropLast()
    }
}

extension Substring {
    fileprivate func trimmingBlanks() -> String { String(self).trimmingBlanks() }
}
