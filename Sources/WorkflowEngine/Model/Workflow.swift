import JSONSchema
public import StructuredData

/// A validated workflow definition, ready to run.
///
/// Build one with ``load(_:schemas:)``; it refuses definitions that could hang or misbehave
/// (unknown dependencies, cycles, bad expressions, ...), reporting every problem with its step and field.
public struct Workflow: Sendable {
    /// `id`.
    public let id: String
    /// `org_id`.
    public let orgID: String?
    /// `name`.
    public let name: String?
    /// `description`.
    public let description: String?
    /// `version` (free text).
    public let version: String?
    /// `timeout_sec`: the longest a run may take from its start; nil = no limit.
    public let timeoutSeconds: Int?
    /// `input_schema`.
    public let inputSchema: JSONValue?
    /// The steps by id.
    public let steps: [String: Step]
    /// Step ids in the order the scheduler visits them: dependencies first, ties broken by id.
    public let order: [String]
    /// SHA-256 (hex) of the canonical JSON of the definition (without `created_at`/`updated_at`).
    /// A run is pinned to this digest.
    public let digest: String
    /// The definition as given (`id` set).
    public let raw: JSONValue
    /// The schemas named by `*_schema_id` fields, by id.
    public let schemas: [String: JSONValue]

    var compiledInputSchema: JSONSchema?
    /// Steps named by some `on_error`: they run only when a step routes its failure to them.
    let handlers: Set<String>
    /// For each step, every step it transitively depends on.
    let ancestors: [String: Set<String>]
    /// For each step, the steps that list it in `depends_on`.
    let dependents: [String: [String]]

    init(
        fields: Workflow.Fields,
        steps: [String: Step],
        order: [String],
        digest: String,
        raw: JSONValue,
        schemas: [String: JSONValue],
        compiledInputSchema: JSONSchema?
    ) {
        self.id = fields.id
        self.orgID = fields.orgID
        self.name = fields.name
        self.description = fields.description
        self.version = fields.version
        self.timeoutSeconds = fields.timeoutSeconds
        self.inputSchema = fields.inputSchema
        self.steps = steps
        self.order = order
        self.digest = digest
        self.raw = raw
        self.schemas = schemas
        self.compiledInputSchema = compiledInputSchema
        self.handlers = Set(steps.values.compactMap(\.onError))
        var dependents: [String: [String]] = [:]
        for id in order { for dependency in steps[id]!.dependsOn { dependents[dependency, default: []].append(id) } }
        self.dependents = dependents
        var ancestors: [String: Set<String>] = [:]
        for id in order {
            var set: Set<String> = []
            for dependency in steps[id]!.dependsOn {
                set.insert(dependency); set.formUnion(ancestors[dependency] ?? [])
            }
            ancestors[id] = set
        }
        self.ancestors = ancestors
    }

    /// The top-level fields, as read.
    struct Fields {
        var id = ""
        var orgID: String?
        var name: String?
        var description: String?
        var version: String?
        var timeoutSeconds: Int?
        var inputSchema: JSONValue?
    }

    /// Steps that this step, and everything downstream of it, may depend on having finished; used by rerun.
    func descendants(of stepID: String) -> Set<String> {
        var result: Set<String> = [stepID]
        var queue = [stepID]
        while let current = queue.popLast() {
            var next = dependents[current] ?? []
            if let handler = steps[current]?.onError { next.append(handler) }
            for dependent in next where result.insert(dependent).inserted { queue.append(dependent) }
        }
        return result
    }
}
