import StructuredData

/// One step of a JSON Pointer, kept unrendered until an error needs it.
enum PathToken {
    case key(String)
    case index(Int)
}

/// Applies a compiled program to one instance.
///
/// In collecting mode it records every failure; otherwise it stops at the first one. Subschemas whose
/// failures are not reported themselves (`anyOf`, `oneOf`, `not`, `if`, `contains`) run in the
/// non-collecting mode.
struct Validator {
    /// How many schema applications may nest before validation gives up instead of exhausting the stack.
    static let maxDepth = 1_000

    private struct ReferenceVisit: Hashable {
        var node: Int
        var instanceDepth: Int
    }

    let nodes: [SchemaNode]
    let resources: [ResourceAnchors]
    private let tracksDynamicScope: Bool
    private(set) var collecting: Bool
    var errors: [ValidationError] = []
    /// What the keywords applied so far evaluated at the current instance location; nil when no
    /// `unevaluatedProperties`/`unevaluatedItems` is waiting for it.
    var evaluated: Evaluated?
    /// The schema resources evaluation has entered, outermost first: the dynamic scope.
    private(set) var dynamicScope: [Int] = []
    private var instancePath: [PathToken] = []
    private var schemaPath: [PathToken] = []
    private var activeReferences: Set<ReferenceVisit> = []
    private var depth = 0

    init(program: CompiledProgram, collecting: Bool) {
        self.nodes = program.nodes
        self.resources = program.resources
        self.tracksDynamicScope = program.usesDynamicScope
        self.collecting = collecting
    }

    /// Validates `instance` against node `node`; records failures when collecting.
    mutating func validate(_ node: Int, _ instance: JSONValue) -> Bool {
        guard depth < Self.maxDepth else {
            return fail("$ref", "the schema recurses more than \(Self.maxDepth) levels deep at this value")
        }
        depth += 1
        defer { depth -= 1 }
        switch nodes[node] {
        case .boolean(let accepts):
            if accepts { return true }
            return fail("false", "no value is allowed here", schema: [])
        case .schema(let body):
            let entersResource = tracksDynamicScope && dynamicScope.last != body.resource
            if entersResource { dynamicScope.append(body.resource) }
            let ownsAnnotations = body.collectsAnnotations && evaluated == nil
            if ownsAnnotations { evaluated = Evaluated() }
            defer {
                if entersResource { dynamicScope.removeLast() }
                if ownsAnnotations { evaluated = nil }
            }
            var valid = true
            for keyword in body.keywords where !apply(keyword, to: instance) {
                valid = false
                if !collecting { return false }
            }
            return valid
        }
    }

    /// Applies `target` of a reference keyword in place.
    mutating func applyReference(_ keyword: String, _ target: Int, _ instance: JSONValue) -> Bool {
        // Re-entering the same target at the same instance location can never finish.
        let visit = ReferenceVisit(node: target, instanceDepth: instancePath.count)
        guard activeReferences.insert(visit).inserted else {
            return fail(keyword, "the schema refers to itself without checking anything")
        }
        defer { activeReferences.remove(visit) }
        return inPlace(schema: [.key(keyword)], target, instance)
    }

    /// Validates `instance` against `node` at the same instance location (`allOf`, `$ref`, `then`, ...).
    /// When annotations are being collected, those of a subschema that may fail without failing the schema
    /// (`anyOf`, `oneOf`, `if`) count only if it passes.
    /// - Parameters:
    ///   - recording: whether the subschema's own errors are recorded (`validate`) or not (`passes`).
    ///   - mustPass: whether the schema fails when this subschema fails.
    mutating func inPlace(
        schema: [PathToken],
        _ node: Int,
        _ instance: JSONValue,
        recording: Bool = true,
        mustPass: Bool = true
    ) -> Bool {
        guard let outer = evaluated else {
            return descend(schema: schema) { recording ? $0.validate(node, instance) : $0.passes(node, instance) }
        }
        evaluated = Evaluated()
        let valid = descend(schema: schema) { recording ? $0.validate(node, instance) : $0.passes(node, instance) }
        var merged = outer
        // A subschema that must pass and fails fails the whole schema anyway; keeping what it evaluated
        // spares an `unevaluatedProperties` error for every property it looked at.
        if valid || mustPass { merged.formUnion(evaluated!) }
        evaluated = merged
        return valid
    }

    /// Runs `body` with no annotations collected: for subschemas whose annotations never count (`not`) or
    /// that see another value (`propertyNames`).
    mutating func detached(_ body: (inout Validator) -> Bool) -> Bool {
        let outer = evaluated
        evaluated = nil
        defer { evaluated = outer }
        return body(&self)
    }

    /// Marks properties as evaluated at the current location, when annotations are being collected.
    mutating func noteEvaluated(property name: String) {
        if evaluated != nil { evaluated!.properties.insert(name) }
    }

    /// Whether `instance` passes node `node`, without recording anything.
    mutating func passes(_ node: Int, _ instance: JSONValue) -> Bool {
        let saved = collecting
        collecting = false
        defer { collecting = saved }
        return validate(node, instance)
    }

    /// Runs `body` with `schema` and `instance` tokens appended to the current paths.
    mutating func descend(
        schema: [PathToken],
        instance: PathToken? = nil,
        _ body: (inout Validator) -> Bool
    ) -> Bool {
        schemaPath.append(contentsOf: schema)
        guard let instance else {
            defer { schemaPath.removeLast(schema.count) }
            return body(&self)
        }
        // Annotations collected for the current instance do not apply to its members.
        instancePath.append(instance)
        let outer = evaluated
        evaluated = nil
        defer {
            schemaPath.removeLast(schema.count)
            instancePath.removeLast()
            evaluated = outer
        }
        return body(&self)
    }

    /// Records a failure of `keyword` (when collecting) and returns false.
    /// - Parameters:
    ///   - keyword: the failing keyword.
    ///   - message: the message, built only when collecting.
    ///   - schema: tokens after the current schema path; defaults to the keyword itself.
    ///   - instance: a token after the current instance path, when the failure is about a member.
    @discardableResult
    mutating func fail(
        _ keyword: String,
        _ message: @autoclosure () -> String,
        schema: [PathToken]? = nil,
        instance: PathToken? = nil
    ) -> Bool {
        guard collecting else { return false }
        let schemaTokens = schemaPath + (schema ?? [.key(keyword)])
        let instanceTokens = instance.map { instancePath + [$0] } ?? instancePath
        errors.append(
            ValidationError(
                instancePath: Self.render(instanceTokens),
                schemaPath: Self.render(schemaTokens),
                keyword: keyword,
                message: message()
            )
        )
        return false
    }

    private static func render(_ tokens: [PathToken]) -> String {
        var result = ""
        for token in tokens {
            switch token {
            case .key(let key): result += "/" + JSONPointer.escape(key)
            case .index(let index): result += "/" + String(index)
            }
        }
        return result
    }

    private mutating func apply(_ keyword: Keyword, to instance: JSONValue) -> Bool {
        switch keyword {
        case .ref(let target): return applyReference("$ref", target, instance)
        case .dynamicRef(let target, let anchor): return checkDynamicRef(target, anchor: anchor, instance)
        case .recursiveRef(let target, let dynamic): return checkRecursiveRef(target, dynamic: dynamic, instance)
        case .type(let types): return checkType(types, instance)
        case .enumeration(let values): return checkEnum(values, instance)
        case .constant(let value): return checkConst(value, instance)
        case .multipleOf(let divisor): return checkMultipleOf(divisor, instance)
        case .bound(let bound): return checkBound(bound, instance)
        case .maxLength(let limit): return checkLength(instance, limit: limit, isMaximum: true)
        case .minLength(let limit): return checkLength(instance, limit: limit, isMaximum: false)
        case .pattern(let regex): return checkPattern(regex, instance)
        case .format(let format): return checkFormat(format, instance)
        case .items(let node): return checkItems(node, instance)
        case .tupleItems(let tuple): return checkTupleItems(tuple, instance)
        case .maxItems(let limit): return checkItemCount(instance, limit: limit, isMaximum: true)
        case .minItems(let limit): return checkItemCount(instance, limit: limit, isMaximum: false)
        case .uniqueItems: return checkUniqueItems(instance)
        case .contains(let rule): return checkContains(rule, instance)
        case .maxProperties(let limit): return checkPropertyCount(instance, limit: limit, isMaximum: true)
        case .minProperties(let limit): return checkPropertyCount(instance, limit: limit, isMaximum: false)
        case .required(let names): return checkRequired(names, instance)
        case .properties(let rules): return checkProperties(rules, instance)
        case .dependencies(let name, let dependencies): return checkDependencies(name, dependencies, instance)
        case .propertyNames(let node): return checkPropertyNames(node, instance)
        case .conditional(let condition, let then, let otherwise):
            return checkConditional(condition, then: then, else: otherwise, instance)
        case .allOf(let nodes): return checkAllOf(nodes, instance)
        case .anyOf(let nodes): return checkAnyOf(nodes, instance)
        case .oneOf(let nodes): return checkOneOf(nodes, instance)
        case .not(let node): return checkNot(node, instance)
        case .unevaluatedProperties(let node): return checkUnevaluatedProperties(node, instance)
        case .unevaluatedItems(let node): return checkUnevaluatedItems(node, instance)
        }
    }
}
