public import StructuredData

/// A parsed expression of the workflow language (`docs/expressions.md`).
///
/// ```swift
/// let expression = try Expression("input.tier == 'prod' && length(input.hosts) > 2")
/// let value = try expression.evaluate(in: ExpressionScope(input: ["tier": "prod", "hosts": [1, 2, 3]]))
/// ```
public struct Expression: Sendable, Hashable, CustomStringConvertible {
    /// The text as written.
    public let source: String
    let node: ExpressionNode

    /// Parses an expression.
    /// - Parameter source: the expression text, without `${` and `}`.
    /// - Throws: ``ExpressionError`` with code `expression_syntax`, `expression_empty` or `unknown_root`.
    public init(_ source: String) throws(ExpressionError) {
        self.source = source
        self.node = try Parser.parse(source)
    }

    public var description: String { source }

    /// Every path the expression reads, as written (`steps.fetch.output`).
    public var referencedPaths: [String] { node.paths.map(\.text) }

    /// The step ids named by `steps.<id>` paths.
    var referencedSteps: [String] {
        node.paths.compactMap { path in
            guard path.root == "steps", case .key(let id)? = path.segments.first else { return nil }
            return id
        }
    }

    /// Whether the expression reads `item`.
    var readsItem: Bool { node.paths.contains { $0.root == "item" } }

    /// Evaluates the expression.
    /// - Parameter scope: the values of the roots (`input`, `steps`, ...).
    /// - Returns: the typed result.
    /// - Throws: ``ExpressionError`` when a path has no value (and no `??` default) or an operator gets the wrong type.
    public func evaluate(in scope: ExpressionScope) throws(ExpressionError) -> JSONValue {
        var evaluator = Evaluator(scope: scope, source: source)
        return try evaluator.value(node)
    }

    /// Evaluates the expression and applies the truthiness rules (null, false, `""` and 0 are false).
    public func isTrue(in scope: ExpressionScope) throws(ExpressionError) -> Bool {
        try evaluate(in: scope).isTruthy
    }
}

/// The values an expression can read, by root name.
public struct ExpressionScope: Sendable {
    /// Root name → value. Roots absent here make paths under them missing.
    public var roots: [String: JSONValue]

    /// Creates a scope.
    /// - Parameters:
    ///   - input: the run input.
    ///   - steps: `steps.<id>` entries (`output`, `status`, `error`, `result_ptr`).
    ///   - ctx: the run context.
    ///   - run: facts about the run (`id`, `workflow_id`, `dry_run`, ...).
    ///   - item: the current `for_each` element, only while building a child's input.
    public init(
        input: JSONValue = [:],
        steps: [String: JSONValue] = [:],
        ctx: JSONValue? = nil,
        run: JSONValue = [:],
        item: JSONValue? = nil
    ) {
        roots = ["input": input, "steps": .object(steps), "run": run]
        roots["ctx"] = ctx ?? .object(["steps": .object(steps)])
        if let item { roots["item"] = item }
    }
}

extension JSONValue {
    /// Truthiness as Cordum defines it: null is false, a boolean is itself, a string is true when not empty,
    /// a number when not zero, and every array and object (even empty) is true.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let flag): return flag
        case .string(let string): return !string.isEmpty
        case .integer(let integer): return integer != 0
        case .number(let number): return number != 0
        case .array, .object: return true
        }
    }

    /// The text a value contributes when interpolated into a string: strings as they are, null as nothing,
    /// and numbers, booleans, arrays and objects as compact JSON.
    public var interpolationText: String {
        switch self {
        case .string(let string): return string
        case .null: return ""
        default: return JSONEncoding.compact(self)
        }
    }
}

private struct Evaluator {
    enum Resolved {
        case value(JSONValue)
        case missing(String)
    }

    let scope: ExpressionScope
    let source: String

    mutating func value(_ node: ExpressionNode) throws(ExpressionError) -> JSONValue {
        switch try resolve(node) {
        case .value(let value): return value
        case .missing(let path): throw missing(path)
        }
    }

    private func missing(_ path: String) -> ExpressionError {
        ExpressionError(
            code: .missingValue,
            expression: source,
            message: "\(path) has no value; give a default with \"\(path) ?? <default>\"",
            path: path
        )
    }

    private func typeError(_ message: String) -> ExpressionError {
        ExpressionError(code: .typeMismatch, expression: source, message: message)
    }

    private mutating func resolve(_ node: ExpressionNode) throws(ExpressionError) -> Resolved {
        switch node {
        case .literal(let value): return .value(value)
        case .path(let path): return lookup(path)
        case .not(let inner): return .value(.bool(!(try value(inner).isTruthy)))
        case .and(let left, let right):
            guard try value(left).isTruthy else { return .value(false) }
            return .value(.bool(try value(right).isTruthy))
        case .or(let left, let right):
            if try value(left).isTruthy { return .value(true) }
            return .value(.bool(try value(right).isTruthy))
        case .coalesce(let left, let right):
            if case .value(let found) = try resolve(left), !found.isNull { return .value(found) }
            return try resolve(right)
        case .compare(let left, let op, let right):
            return .value(.bool(try compare(left, op, right)))
        case .call(let function, let argument):
            return .value(try call(function, argument))
        }
    }

    private mutating func call(_ function: ExpressionFunction, _ argument: ExpressionNode) throws(ExpressionError)
        -> JSONValue
    {
        if function == .exists {
            guard case .value(let found) = try resolve(argument) else { return false }
            return .bool(!found.isNull)
        }
        let operand = try value(argument)
        switch (function, operand) {
        case (.length, .array(let elements)): return .integer(elements.count)
        case (.length, .object(let members)): return .integer(members.count)
        case (.length, .string(let string)): return .integer(string.unicodeScalars.count)
        case (.first, .array(let elements)): return elements.first ?? .null
        default:
            let wanted = function == .length ? "an array, object or string" : "an array"
            throw typeError("\(function.rawValue)() needs \(wanted) but got \(operand.typeName)")
        }
    }

    private mutating func compare(_ left: ExpressionNode, _ op: ComparisonOperator, _ right: ExpressionNode)
        throws(ExpressionError) -> Bool
    {
        // `x == null` and `x != null` also hold for a missing `x`, so null tests need no default.
        let nullTest = (op == .equal || op == .notEqual) && (left.isNullLiteral || right.isNullLiteral)
        func operand(_ node: ExpressionNode, _ evaluator: inout Evaluator) throws(ExpressionError) -> JSONValue {
            switch try evaluator.resolve(node) {
            case .value(let value): return value
            case .missing(let path):
                if nullTest { return .null }
                throw evaluator.missing(path)
            }
        }
        let a = try operand(left, &self)
        let b = try operand(right, &self)
        switch op {
        case .equal: return a.jsonEquals(b)
        case .notEqual: return !a.jsonEquals(b)
        default: break
        }
        let order: Int
        if let x = a.doubleValue, let y = b.doubleValue {
            if case .integer(let i) = a, case .integer(let j) = b {
                order = i < j ? -1 : (i == j ? 0 : 1)
            } else {
                order = x < y ? -1 : (x == y ? 0 : 1)
            }
        } else if case .string(let x) = a, case .string(let y) = b {
            let xs = Array(x.unicodeScalars.map(\.value))
            let ys = Array(y.unicodeScalars.map(\.value))
            order = xs == ys ? 0 : (xs.lexicographicallyPrecedes(ys) ? -1 : 1)
        } else {
            throw typeError(
                "cannot order \(a.typeName) and \(b.typeName) with \"\(op.rawValue)\"; both sides must be numbers or both strings"
            )
        }
        switch op {
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        case .equal, .notEqual: return false
        }
    }

    private func lookup(_ path: ExpressionPath) -> Resolved {
        guard var current = scope.roots[path.root] else { return .missing(path.root) }
        var segments = path.segments[...]
        var walked = ExpressionPath(root: path.root, segments: [])
        while let segment = segments.first {
            segments.removeFirst()
            walked.segments.append(segment)
            switch (segment, current) {
            case (.key(let key), .object(let members)):
                // Cordum addresses for-each children by their literal key: `steps.fan[0]` is the entry "fan[0]".
                if case .index(let position)? = segments.first, let child = members["\(key)[\(position)]"] {
                    segments.removeFirst()
                    walked.segments.append(.index(position))
                    current = child
                    continue
                }
                guard let member = members[key] else { return .missing(walked.text) }
                current = member
            case (.index(let position), .array(let elements)):
                guard position < elements.count else { return .missing(walked.text) }
                current = elements[position]
            default:
                return .missing(walked.text)
            }
        }
        return .value(current)
    }
}
