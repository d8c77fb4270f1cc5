import StructuredData

/// One compiled schema: a boolean schema or a schema object's keyword checks.
///
/// Nodes live in one array and refer to each other by index, so recursive schemas are finite graphs.
enum SchemaNode: Sendable {
    case boolean(Bool)
    case schema(SchemaBody)
}

/// The compiled keywords of one schema object.
struct SchemaBody: Sendable {
    /// The checks, in a fixed order; `unevaluatedProperties`/`unevaluatedItems` come last.
    var keywords: [Keyword]
    /// The schema resource the object belongs to (index into ``CompiledProgram/resources``), which
    /// evaluation enters into the dynamic scope.
    var resource: Int
    /// Whether a keyword needs the annotations of its siblings (`unevaluatedProperties`/`Items`).
    var collectsAnnotations: Bool
}

/// What `$dynamicRef` and `$recursiveRef` may find in a schema resource of the dynamic scope.
struct ResourceAnchors: Sendable {
    /// `$dynamicAnchor` names → their schemas (2020-12).
    var dynamicAnchors: [String: Int] = [:]
    /// The resource's root schema when it declares `"$recursiveAnchor": true` (2019-09).
    var recursiveAnchor: Int?
}

/// The compiled nodes of one schema and its references, frozen after compilation.
final class CompiledProgram: Sendable {
    let nodes: [SchemaNode]
    let resources: [ResourceAnchors]
    let root: Int
    let draft: JSONSchema.Draft
    /// Whether a `$dynamicRef` or `$recursiveRef` may consult the dynamic scope; without one, validation
    /// does not track it.
    let usesDynamicScope: Bool

    init(nodes: [SchemaNode], resources: [ResourceAnchors], root: Int, draft: JSONSchema.Draft) {
        self.nodes = nodes
        self.resources = resources
        self.root = root
        self.draft = draft
        usesDynamicScope = nodes.contains { node in
            guard case .schema(let body) = node else { return false }
            return body.keywords.contains { keyword in
                switch keyword {
                case .dynamicRef(_, let anchor): return anchor != nil
                case .recursiveRef(_, let dynamic): return dynamic
                default: return false
                }
            }
        }
    }
}
