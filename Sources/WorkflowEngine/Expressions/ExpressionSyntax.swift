import StructuredData

/// A path such as `input.items[0].name` or `steps.fetch.output["k"]`.
struct ExpressionPath: Sendable, Hashable {
    enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The first name: `input`, `steps`, `ctx`, `run` or `item`.
    var root: String
    var segments: [Segment]

    /// The path as a user would write it, for messages.
    var text: String {
        var result = root
        for segment in segments {
            switch segment {
            case .key(let key):
                if key.allSatisfy({ Lexer.isIdentifierCharacter($0) }) && !key.isEmpty {
                    result += "." + key
                } else {
                    result += "[\"" + key + "\"]"
                }
            case .index(let index): result += "[\(index)]"
            }
        }
        return result
    }
}

/// The built-in functions.
enum ExpressionFunction: String, Sendable, Hashable, CaseIterable {
    case length
    case first
    case exists
}

/// The comparison operators.
enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// The syntax tree of a parsed expression.
indirect enum ExpressionNode: Sendable, Hashable {
    case literal(JSONValue)
    case path(ExpressionPath)
    case not(ExpressionNode)
    case and(ExpressionNode, ExpressionNode)
    case or(ExpressionNode, ExpressionNode)
    case coalesce(ExpressionNode, ExpressionNode)
    case compare(ExpressionNode, ComparisonOperator, ExpressionNode)
    case call(ExpressionFunction, ExpressionNode)

    /// Every path the expression reads, in source order.
    var paths: [ExpressionPath] {
        switch self {
        case .literal: return []
        case .path(let path): return [path]
        case .not(let inner), .call(_, let inner): return inner.paths
        case .and(let a, let b), .or(let a, let b), .coalesce(let a, let b), .compare(let a, _, let b):
            return a.paths + b.paths
        }
    }

    var isNullLiteral: Bool {
        if case .literal(.null) = self { return true }
        return false
    }
}
