/// RFC 8288 `Link` headers, as vendors use them for pagination: `<https://…?page=2>; rel="next", <…>; rel="last"`.
///
/// A link with `results="false"` (as Sentry marks a `next` link whose page would be empty) does not count: the
/// list ends there.
public enum LinkHeader {
    /// One link of a header: its target and parameters.
    public struct Link: Sendable, Hashable {
        /// The target between `<` and `>`, as written (possibly relative).
        public var target: String
        /// The parameters, names lowercased, values unquoted (`rel`, `results`, `cursor`, …).
        public var parameters: [String: String]

        /// The relation types of its `rel` parameter, lowercased.
        public var relations: [String] {
            (parameters["rel"] ?? "").split(separator: " ").map { $0.lowercased() }
        }

        /// Whether the link says its target has no results (`results="false"`).
        public var saysNoResults: Bool { parameters["results"]?.lowercased() == "false" }
    }

    /// The target of the first link whose `rel` includes `relation`, across all given header values; a link
    /// marked `results="false"` is skipped.
    public static func target(rel relation: String, in values: [String]) -> String? {
        let wanted = relation.lowercased()
        return links(in: values).first { $0.relations.contains(wanted) && !$0.saysNoResults }?.target
    }

    /// Every link of the given header values, in order; parts without a `<…>` target are skipped.
    public static func links(in values: [String]) -> [Link] {
        var links: [Link] = []
        for value in values {
            for text in split(value, at: ",") {
                guard let open = text.firstIndex(of: "<"), let close = text[open...].firstIndex(of: ">") else {
                    continue
                }
                var parameters: [String: String] = [:]
                for parameter in split(text[text.index(after: close)...], at: ";") {
                    let parts = parameter.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2 else { continue }
                    let name = parts[0].trimmingBlanksLowercased()
                    if !name.isEmpty, parameters[name] == nil {
                        parameters[name] = String(parts[1].trimmingBlanks().trimmingQuotes())
                    }
                }
                links.append(Link(target: String(text[text.index(after: open)..<close]), parameters: parameters))
            }
        }
        return links
    }

    /// Splits text at `separator` where it is not inside `<…>` or quotes.
    private static func split(_ value: Substring, at separator: Character) -> [Substring] {
        var parts: [Substring] = []
        var start = value.startIndex
        var inAngle = false
        var inQuote = false
        for index in value.indices {
            switch value[index] {
            case "<" where !inQuote: inAngle = true
            case ">" where !inQuote: inAngle = false
            case "\"" where !inAngle: inQuote.toggle()
            case separator where !inAngle && !inQuote:
                parts.append(value[start..<index])
                start = value.index(after: index)
            default: break
            }
        }
        parts.append(value[start...])
        return parts
    }

    private static func split(_ value: String, at separator: Character) -> [Substring] {
        split(value[...], at: separator)
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
