import Foundation
import StructuredData

/// Written here: no Swift package parses Kubernetes selectors.
///
/// A label selector as the API server reads `labelSelector`: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`,
/// `k` (exists) and `!k`, joined by commas.
struct LabelSelector: Sendable {
    enum Requirement: Sendable {
        case equals(String, String), notEquals(String, String), isIn(String, Set<String>), notIn(String, Set<String>)
        case exists(String), absent(String)
    }
    var requirements: [Requirement] = []

    init(_ text: String) throws {
        var parts: [String] = []
        var depth = 0
        var current = ""
        for character in text {
            if character == "(" { depth += 1 } else if character == ")" { depth -= 1 }
            if character == ",", depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { parts.append(current) }
        for raw in parts {
            let part = raw.trimmingBlanks()
            if part.isEmpty { continue }
            let words = part.split(separator: " ", maxSplits: 1).map(String.init)
            if words.count == 2, words[1].hasPrefix("in ") || words[1].hasPrefix("notin ") {
                let negate = words[1].hasPrefix("notin")
                let list = words[1].drop { $0 != "(" }.dropFirst().prefix { $0 != ")" }
                let values = Set(list.split(separator: ",").map { String($0).trimmingBlanks() })
                requirements.append(negate ? .notIn(words[0], values) : .isIn(words[0], values))
            } else if let range = part.range(of: "!=") {
                requirements.append(
                    .notEquals(
                        String(part[..<range.lowerBound]).trimmingBlanks(),
                        String(part[range.upperBound...]).trimmingBlanks()
                    )
                )
            } else if let range = part.range(of: "==") ?? part.range(of: "=") {
                requirements.append(
                    .equals(
                        String(part[..<range.lowerBound]).trimmingBlanks(),
                        String(part[range.upperBound...]).trimmingBlanks()
                    )
                )
            } else if part.hasPrefix("!") {
                requirements.append(.absent(String(part.dropFirst())))
            } else if part.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }) {
                requirements.append(.exists(part))
            } else {
                throw KubernetesStatus(
                    code: 400,
                    reason: "BadRequest",
                    message: "unable to parse requirement: \"\(part)\""
                )
            }
        }
    }

    func matches(_ object: JSONValue) -> Bool {
        let labels = object["metadata"]?["labels"]?.objectValue ?? [:]
        return requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): labels[key]?.stringValue == value
            case .notEquals(let key, let value): labels[key]?.stringValue != value
            case .isIn(let key, let values): labels[key]?.stringValue.map(values.contains) ?? false
            case .notIn(let key, let values): !(labels[key]?.stringValue.map(values.contains) ?? false)
            case .exists(let key): labels[key] != nil
            case .absent(let key): labels[key] == nil
            }
        }
    }
}

/// A field selector (`metadata.name=x,status.phase!=Running,involvedObject.kind=Pod`): dotted paths compared as text.
struct FieldSelector: Sendable {
    var terms: [(path: [String], value: String, equal: Bool)] = []

    init(_ text: String) throws {
        for raw in text.split(separator: ",") {
            let part = String(raw).trimmingBlanks()
            if part.isEmpty { continue }
            let equal: Bool
            let range: Range<String.Index>
            if let found = part.range(of: "!=") {
                equal = false
                range = found
            } else if let found = part.range(of: "==") ?? part.range(of: "=") {
                equal = true
                range = found
            } else {
                throw KubernetesStatus(
                    code: 400,
                    reason: "BadRequest",
                    message: "invalid selector: '\(part)'; can't understand '\(part)'"
                )
            }
            let path = part[..<range.lowerBound].split(separator: ".").map(String.init)
            terms.append((path, String(part[range.upperBound...]), equal))
        }
    }

    func matches(_ object: JSONValue) -> Bool {
        terms.allSatisfy { term in
            var value: JSONValue? = object
            for key in term.path { value = value?[key] }
            let text: String
            switch value {
            case .string(let string): text = string
            case .integer(let number): text = String(number)
            case .bool(let flag): text = flag ? "true" : "false"
            default: text = ""
            }
            return (text == term.value) == term.equal
        }
    }
}

extension String {
    func trimmingBlanks() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
