import Yams

/// Loads YAML into ``JSONValue`` with the YAML 1.2 core schema (as Go's yaml.v3 reads it), recording
/// the position of every value and refusing duplicate keys.
public enum YAMLLoader {
    /// Parses one YAML document.
    /// - Parameters:
    ///   - bytes: UTF-8 YAML text.
    ///   - file: the name used in locations and errors.
    ///   - limits: depth and size limits, counted after aliases are expanded.
    public static func load(
        _ bytes: [UInt8],
        file: String,
        limits: Document.Limits = .default
    ) throws(DocumentError) -> Document {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DocumentError(
                code: .notUTF8,
                location: SourceLocation(file: file),
                message: "file is not valid UTF-8"
            )
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic, .default)
        } catch let yamlError as YamlError {
            var converted = convert(yamlError, file: file)
            if case .duplicatedKeysInMapping(let duplicates, let context) = yamlError, let key = duplicates.first {
                converted.location = locateDuplicate(key, in: text, after: context.mark, file: file)
            }
            throw converted
        } catch {
            throw DocumentError(
                code: .invalidYAML,
                location: SourceLocation(file: file),
                message: "cannot parse YAML"
            )
        }
        guard let root else {
            return Document(value: .null, file: file, locations: ["": SourceLocation(file: file, line: 1, column: 1)])
        }
        var converter = Converter(file: file, limits: limits)
        let value = try converter.convert(root, pointer: "", depth: 0)
        return Document(value: value, file: file, locations: converter.locations, literals: converter.literals)
    }

    /// Parses YAML given as a string.
    public static func load(_ text: String, file: String = "<input>") throws(DocumentError) -> JSONValue {
        try load(Array(text.utf8), file: file).value
    }

    /// Yams reports a duplicate key at its mapping; find the second occurrence of the key for a sharper location.
    private static func locateDuplicate(_ key: String, in text: String, after mark: Mark, file: String)
        -> SourceLocation
    {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var seen = 0
        for number in max(mark.line - 1, 0)..<lines.count {
            let line = lines[number]
            let trimmed = line.drop { $0 == " " || $0 == "-" }
            for form in [key + ":", "\"\(key)\":", "'\(key)':"] where trimmed.hasPrefix(form) {
                seen += 1
                if seen == 2 {
                    return SourceLocation(file: file, line: number + 1, column: line.count - trimmed.count + 1)
                }
            }
        }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    private static func convert(_ error: YamlError, file: String) -> DocumentError {
        func location(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: mark.line, column: mark.column)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return DocumentError(code: .invalidYAML, location: location(mark), message: detail)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return DocumentError(
                code: .duplicateKey,
                location: location(context.mark),
                message: "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in mapping"
            )
        case .reader(let problem, _, _, _):
            return DocumentError(code: .invalidYAML, location: SourceLocation(file: file), message: problem)
        default:
            return DocumentError(
                code: .invalidYAML,
                location: SourceLocation(file: file),
                message: "cannot parse YAML: \(error)"
            )
        }
    }

    private struct Converter {
        let file: String
        let limits: Document.Limits
        var nodes = 0
        var locations: [String: SourceLocation] = [:]
        var literals: [String: String] = [:]

        init(file: String, limits: Document.Limits) {
            self.file = file
            self.limits = limits
        }

        func location(_ node: Node) -> SourceLocation {
            guard let mark = node.mark else { return SourceLocation(file: file) }
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        }

        mutating func convert(_ node: Node, pointer: String, depth: Int) throws(DocumentError) -> JSONValue {
            guard depth <= limits.maxDepth else {
                throw DocumentError(
                    code: .tooDeep,
                    location: location(node),
                    message: "nesting is deeper than \(limits.maxDepth) levels"
                )
            }
            nodes += 1
            guard nodes <= limits.maxNodes else {
                throw DocumentError(
                    code: .tooLarge,
                    location: location(node),
                    message: "document has more than \(limits.maxNodes) values (after expanding aliases)"
                )
            }
            if locations[pointer] == nil { locations[pointer] = location(node) }
            switch node {
            case .scalar(let scalar):
                let value = resolve(scalar)
                if case .string = value {} else if scalar.style == .plain { literals[pointer] = scalar.string }
                return value
            case .sequence(let sequence):
                var elements: [JSONValue] = []
                elements.reserveCapacity(sequence.count)
                for element in sequence {
                    elements.append(
                        try convert(element, pointer: JSONPointer.appending(pointer, elements.count), depth: depth + 1)
                    )
                }
                return .array(elements)
            case .mapping(let mapping):
                var members: [String: JSONValue] = [:]
                var merged: [String: JSONValue] = [:]
                for (keyNode, valueNode) in mapping {
                    guard case .scalar(let keyScalar) = keyNode else {
                        throw DocumentError(
                            code: .unsupportedYAML,
                            location: location(keyNode),
                            message: "mapping keys must be scalars"
                        )
                    }
                    let key = keyScalar.string
                    if key == "<<", keyScalar.style == .plain {
                        let source = try convert(valueNode, pointer: pointer + "/<<", depth: depth + 1)
                        for part in (source.arrayValue ?? [source]) {
                            guard let object = part.objectValue else {
                                throw DocumentError(
                                    code: .unsupportedYAML,
                                    location: location(valueNode),
                                    message: "a merge key (<<) needs a mapping or a list of mappings"
                                )
                            }
                            for (k, v) in object where merged[k] == nil { merged[k] = v }
                        }
                        continue
                    }
                    if members[key] != nil {
                        throw DocumentError(
                            code: .duplicateKey,
                            location: location(keyNode),
                            message: "duplicate key \"\(key)\" in mapping"
                        )
                    }
                    members[key] = try convert(
                        valueNode,
                        pointer: JSONPointer.appending(pointer, key),
                        depth: depth + 1
                    )
                }
                locations.removeValue(forKey: pointer + "/<<")
                for (k, v) in merged where members[k] == nil { members[k] = v }
                return .object(members)
            case .alias:
                throw DocumentError(
                    code: .unsupportedYAML,
                    location: location(node),
                    message: "unresolved YAML alias"
                )
            }
        }

        func resolve(_ scalar: Node.Scalar) -> JSONValue {
            scalar.style == .plain ? YAMLLoader.resolvePlain(scalar.string) : .string(scalar.string)
        }
    }

    /// Resolves a plain (unquoted) scalar by the YAML 1.2 core schema.
    public static func resolvePlain(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        let utf8 = Array(text.utf8)
        guard let first = utf8.first,
            first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return .string(text) }
        if let integer = parseInteger(utf8) { return .integer(integer) }
        if isFloat(utf8), let value = Double(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
            return .number(value)
        }
        return .string(text)
    }

    private static func parseInteger(_ utf8: [UInt8]) -> Int? {
        var digits = utf8[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        var radix = 10
        if digits.count > 2, digits.first == UInt8(ascii: "0") {
            let marker = digits[digits.startIndex + 1]
            if marker == UInt8(ascii: "x") { radix = 16 } else if marker == UInt8(ascii: "o") { radix = 8 }
            if radix != 10 { digits = digits.dropFirst(2) }
        }
        guard !digits.isEmpty else { return nil }
        guard let magnitude = Int(String(decoding: digits, as: UTF8.self), radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    private static func isFloat(_ utf8: [UInt8]) -> Bool {
        var i = 0
        if i < utf8.count, utf8[i] == UInt8(ascii: "-") || utf8[i] == UInt8(ascii: "+") { i += 1 }
        var mantissaDigits = 0
        while i < utf8.count, utf8[i] >= UInt8(ascii: "0"), utf8[i] <= UInt8(ascii: "9") {
            i += 1
            mantissaDigits += 1
        }
        if i < utf8.count, utf8[i] == UInt8(ascii: ".") {
            i += 1
            while i < utf8.count, utf8[i] >= UInt8(ascii: "0"), utf8[i] <= UInt8(ascii: "9") {
                i += 1
                mantissaDigits += 1
            }
        }
        guard mantissaDigits > 0 else { return false }
        if i < utf8.count, utf8[i] == UInt8(ascii: "e") || utf8[i] == UInt8(ascii: "E") {
            i += 1
            if i < utf8.count, utf8[i] == UInt8(ascii: "-") || utf8[i] == UInt8(ascii: "+") { i += 1 }
            var exponentDigits = 0
            while i < utf8.count, utf8[i] >= UInt8(ascii: "0"), utf8[i] <= UInt8(ascii: "9") {
                i += 1
                exponentDigits += 1
            }
            guard exponentDigits > 0 else { return false }
        }
        return i == utf8.count
    }
}
