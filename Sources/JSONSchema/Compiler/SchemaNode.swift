import StructuredData

/// One compiled schema: a boolean schema, a `$ref` to another node, or a list of keyword checks.
///
/// Nodes live in one array and refer to each other by index, so recursive schemas are finite graphs.
enum SchemaNode: Sendable {
    case boolean(Bool)
    case reference(Int)
    case keywords([Keyword])
}

/// The compiled nodes of one schema and its references, frozen after compilation.
final class CompiledProgram: Sendable {
    let nodes: [SchemaNode]
    let root: Int

    init(nodes: [SchemaNode], root: Int) {
        self.nodes = nodes
        self.root = root
    }
}
