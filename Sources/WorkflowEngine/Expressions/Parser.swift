import StructuredData

/// A recursive-descent parser for the expression grammar in `docs/expressions.md`.
struct Parser {
    /// The names a path may start with.
    static let roots: Set<String> = ["input", "ctx", "steps", "run", "item"]

    private var tokens: [Lexer.Token]
    private var index = 0
    private let source: String

    static func parse(_ source: String) throws(ExpressionError) -> ExpressionNode {
        guard !source.allSatisfy(\.isWhitespace) else {
            throw ExpressionError(code: .empty, expression: source, message: "expression is empty")
        }
        var lexer = Lexer(source)
        var parser = Parser(tokens: try lexer.tokenize(), source: source)
        let node = try parser.parseOr()
        guard parser.peek == .end else { throw parser.error("unexpected \(parser.describe(parser.peek))") }
        return node
    }

    private init(tokens: [Lexer.Token], source: String) {
        self.tokens = tokens
        self.source = source
    }

    private var peek: Lexer.Token { tokens[index] }

    private mutating func advance() -> Lexer.Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func accept(_ symbol: String) -> Bool {
        guard peek == .symbol(symbol) else { return false }
        index += 1
        return true
    }

    private func error(_ message: String, code: ExpressionError.Code = .syntax) -> ExpressionError {
        ExpressionError(code: code, expression: source, message: message)
    }

    private func describe(_ token: Lexer.Token) -> String {
        switch token {
        case .identifier(let name): return "\"\(name)\""
        case .number(let number): return "number \(JSONEncoding.compact(number))"
        case .string(let string): return "string \"\(string)\""
        case .symbol(let symbol): return "\"\(symbol)\""
        case .end: return "end of expression"
        }
    }

    private mutating func parseOr() throws(ExpressionError) -> ExpressionNode {
        var node = try parseAnd()
        while accept("||") { node = .or(node, try parseAnd()) }
        return node
    }

    private mutating func parseAnd() throws(ExpressionError) -> ExpressionNode {
        var node = try parseUnary()
        while accept("&&") { node = .and(node, try parseUnary()) }
        return node
    }

    private mutating func parseUnary() throws(ExpressionError) -> ExpressionNode {
        if accept("!") { return .not(try parseUnary()) }
        return try parseComparison()
    }

    private static let comparisonOperators: [String: ComparisonOperator] = [
        "==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]

    private mutating func parseComparison() throws(ExpressionError) -> ExpressionNode {
        let left = try parseCoalesce()
        guard case .symbol(let symbol) = peek, let op = Self.comparisonOperators[symbol] else { return left }
        index += 1
        let right = try parseCoalesce()
        if case .symbol(let next) = peek, Self.comparisonOperators[next] != nil {
            throw error("comparisons do not chain; combine them with \"&&\" or group them with parentheses")
        }
        return .compare(left, op, right)
    }

    private mutating func parseCoalesce() throws(ExpressionError) -> ExpressionNode {
        var node = try parsePrimary()
        while accept("??") { node = .coalesce(node, try parsePrimary()) }
        return node
    }

    private mutating func parsePrimary() throws(ExpressionError) -> ExpressionNode {
        let token = advance()
        switch token {
        case .number(let number): return .literal(number)
        case .string(let string): return .literal(.string(string))
        case .symbol("("):
            let inner = try parseOr()
            guard accept(")") else { throw error("missing \")\"") }
            return inner
        case .identifier("true"): return .literal(.bool(true))
        case .identifier("false"): return .literal(.bool(false))
        case .identifier("null"): return .literal(.null)
        case .identifier(let name):
            if accept("(") {
                guard let function = ExpressionFunction(rawValue: name) else {
                    let known = ExpressionFunction.allCases.map { "\($0.rawValue)()" }.joined(separator: ", ")
                    throw error("unknown function \"\(name)\"; known functions: \(known)")
                }
                let argument = try parseOr()
                guard accept(")") else { throw error("\(name)() takes exactly one argument") }
                return .call(function, argument)
            }
            guard Self.roots.contains(name) else {
                throw error(
                    "unknown name \"\(name)\"; a path starts with input, steps, ctx, run or item",
                    code: .unknownRoot
                )
            }
            return .path(try parsePath(root: name))
        default:
            throw error("expected a value but found \(describe(token))")
        }
    }

    private mutating func parsePath(root: String) throws(ExpressionError) -> ExpressionPath {
        var segments: [ExpressionPath.Segment] = []
        while true {
            if accept(".") {
                guard case .identifier(let key) = advance() else {
                    throw error("expected a name after \".\" in a path (use [0] to index an array)")
                }
                segments.append(.key(key))
            } else if accept("[") {
                switch advance() {
                case .number(.integer(let position)) where position >= 0: segments.append(.index(position))
                case .string(let key): segments.append(.key(key))
                default: throw error("an index must be a non-negative integer or a quoted key")
                }
                guard accept("]") else { throw error("missing \"]\"") }
            } else {
                return ExpressionPath(root: root, segments: segments)
            }
        }
    }
}
