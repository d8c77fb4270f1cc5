public import StructuredData

/// A string that may hold `${...}` expressions.
///
/// A string that is exactly one `${...}` (surrounding blanks allowed) is *whole-value*: it becomes the
/// expression's typed value. Otherwise each expression's value is interpolated as text (see
/// ``StructuredData/JSONValue/interpolationText``). `$${` writes a literal `${`.
public struct Template: Sendable, Hashable {
    enum Part: Sendable, Hashable {
        case text(String)
        case expression(Expression)
    }

    /// The text as written.
    public let source: String
    let parts: [Part]

    /// Parses a template string.
    /// - Throws: ``ExpressionError`` for an unterminated `${`, an empty `${}` or an invalid expression.
    public init(_ source: String) throws(ExpressionError) {
        self.source = source
        self.parts = try Self.split(source)
    }

    /// Whether the string holds any `${...}`.
    public var hasExpressions: Bool { !expressions.isEmpty }

    /// The expressions, in order.
    public var expressions: [Expression] {
        parts.compactMap {
            if case .expression(let expression) = $0 { return expression }
            return nil
        }
    }

    /// The expression, when the whole string is one `${...}`.
    public var wholeValueExpression: Expression? {
        var found: Expression?
        for part in parts {
            switch part {
            case .text(let text): if !text.allSatisfy(\.isWhitespace) { return nil }
            case .expression(let expression):
                if found != nil { return nil }
                found = expression
            }
        }
        return found
    }

    /// Renders the template.
    /// - Parameter scope: the values the expressions read.
    /// - Returns: the typed value for a whole-value template, else the interpolated string.
    public func render(in scope: ExpressionScope) throws(ExpressionError) -> JSONValue {
        if let whole = wholeValueExpression { return try whole.evaluate(in: scope) }
        var output = ""
        for part in parts {
            switch part {
            case .text(let text): output += text
            case .expression(let expression): output += try expression.evaluate(in: scope).interpolationText
            }
        }
        return .string(output)
    }

    private static func split(_ source: String) throws(ExpressionError) -> [Part] {
        let scalars = Array(source.unicodeScalars)
        var parts: [Part] = []
        var text = ""
        var position = 0
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == "$", position + 2 < scalars.count, scalars[position + 1] == "$", scalars[position + 2] == "{" {
                text += "${"
                position += 3
                continue
            }
            guard scalar == "$", position + 1 < scalars.count, scalars[position + 1] == "{" else {
                text.unicodeScalars.append(scalar)
                position += 1
                continue
            }
            var end = position + 2
            var quote: Unicode.Scalar?
            while end < scalars.count {
                let current = scalars[end]
                if let open = quote {
                    if current == "\\" {
                        end += 1
                    } else if current == open {
                        quote = nil
                    }
                } else if current == "'" || current == "\"" {
                    quote = current
                } else if current == "}" {
                    break
                }
                end += 1
            }
            guard end < scalars.count else {
                throw ExpressionError(
                    code: .unterminatedTemplate,
                    expression: source,
                    message: "\"${\" at offset \(position) has no closing \"}\""
                )
            }
            var inner = ""
            inner.unicodeScalars.append(contentsOf: scalars[(position + 2)..<end])
            if !text.isEmpty {
                parts.append(.text(text))
                text = ""
            }
            parts.append(.expression(try Expression(inner)))
            position = end + 1
        }
        if !text.isEmpty || parts.isEmpty { parts.append(.text(text)) }
        return parts
    }
}

/// A JSON value whose strings may be templates: a step's `input`, compiled once.
struct ValueTemplate: Sendable, Hashable {
    indirect enum Node: Sendable, Hashable {
        case constant(JSONValue)
        case template(Template)
        case array([Node])
        case object([String: Node])
    }

    let node: Node

    /// The result of rendering, and the object members left out because their whole-value path had no value.
    struct Rendered: Sendable, Hashable {
        var value: JSONValue
        var omitted: [String]
    }

    /// Compiles every string of `value`; reports each bad template with its JSON Pointer.
    static func compile(_ value: JSONValue, pointer: String = "") -> (ValueTemplate, [(String, ExpressionError)]) {
        var errors: [(String, ExpressionError)] = []
        let node = compileNode(value, pointer: pointer, errors: &errors)
        return (ValueTemplate(node: node), errors)
    }

    private static func compileNode(_ value: JSONValue, pointer: String, errors: inout [(String, ExpressionError)])
        -> Node
    {
        switch value {
        case .string(let string):
            guard string.contains("${") else { return .constant(value) }
            do {
                let template = try Template(string)
                return template.hasExpressions ? .template(template) : .constant(.string(template.parts.text))
            } catch {
                errors.append((pointer, error))
                return .constant(value)
            }
        case .array(let elements):
            return .array(
                elements.enumerated().map {
                    compileNode($1, pointer: JSONPointer.appending(pointer, $0), errors: &errors)
                }
            )
        case .object(let members):
            var nodes: [String: Node] = [:]
            for key in members.keys.sorted() {
                nodes[key] = compileNode(members[key]!, pointer: JSONPointer.appending(pointer, key), errors: &errors)
            }
            return .object(nodes)
        default:
            return .constant(value)
        }
    }

    /// Every expression, with the JSON Pointer of the string that holds it.
    var expressions: [(String, Expression)] {
        var found: [(String, Expression)] = []
        func walk(_ node: Node, _ pointer: String) {
            switch node {
            case .constant: break
            case .template(let template): found += template.expressions.map { (pointer, $0) }
            case .array(let nodes):
                for (index, child) in nodes.enumerated() { walk(child, JSONPointer.appending(pointer, index)) }
            case .object(let members):
                for key in members.keys.sorted() { walk(members[key]!, JSONPointer.appending(pointer, key)) }
            }
        }
        walk(node, "")
        return found
    }

    var isEmptyObject: Bool {
        if case .object(let members) = node { return members.isEmpty }
        return false
    }

    /// Renders the value. An object member whose value is exactly `${input.<path>}` or `${item.<path>}` and whose
    /// path has no value is left out: an absent optional input stays absent instead of becoming null.
    func render(in scope: ExpressionScope) throws(ExpressionError) -> Rendered {
        var omitted: [String] = []
        let value = try Self.render(node, scope: scope, omitted: &omitted)
        return Rendered(value: value, omitted: omitted)
    }

    private static func render(_ node: Node, scope: ExpressionScope, omitted: inout [String]) throws(ExpressionError)
        -> JSONValue
    {
        switch node {
        case .constant(let value): return value
        case .template(let template): return try template.render(in: scope)
        case .array(let nodes):
            var elements: [JSONValue] = []
            for child in nodes { elements.append(try render(child, scope: scope, omitted: &omitted)) }
            return .array(elements)
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for key in members.keys.sorted() {
                let child = members[key]!
                do {
                    result[key] = try render(child, scope: scope, omitted: &omitted)
                } catch {
                    guard error.code == .missingValue, case .template(let template) = child,
                        let whole = template.wholeValueExpression, case .path(let path) = whole.node,
                        path.root == "input" || path.root == "item"
                    else { throw error }
                    omitted.append(key)
                }
            }
            return .object(result)
        }
    }
}

extension [Template.Part] {
    fileprivate var text: String {
        map {
            if case .text(let text) = $0 { return text }
            return ""
        }.joined()
    }
}
