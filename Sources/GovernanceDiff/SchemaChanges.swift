import PackFormat
import StructuredData

/// Schemas that both versions ship under the same id, compared for breaking changes.
enum SchemaChanges {
    /// The directions a schema is checked in: `input` when a step names it as `input_schema_id`, `output` when one
    /// names it as `output_schema_id` (in either version), both when both, and `input` when no step names it.
    static func directions(_ id: String, packs: [Pack]) -> [SchemaDirection] {
        var input = false
        var output = false
        for pack in packs {
            for workflow in pack.workflows {
                for step in workflow.workflow.steps {
                    if step.inputSchemaID == id { input = true }
                    if step.outputSchemaID == id { output = true }
                }
            }
        }
        if output { return input ? [.input, .output] : [.output] }
        return [.input]
    }

    static func compare(_ old: Pack, _ new: Pack) -> [GovernanceChange] {
        let before = schemas(old)
        var changes: [GovernanceChange] = []
        for schema in new.schemas {
            let id = schema.reference.id
            guard let previous = before[id] else { continue }
            let directions = directions(id, packs: [old, new])
            for found in SchemaCompatibility.breaks(
                from: previous.document.value,
                to: schema.document.value,
                directions: directions
            ) {
                changes.append(
                    GovernanceChange(
                        kind: .schemaBreaking,
                        impact: .review,
                        subject: id,
                        message: "schema \(id) (\(found.direction.rawValue)): \(found.description)",
                        details: [
                            "reason": found.reason.rawValue, "pointer": found.pointer,
                            "direction": found.direction.rawValue,
                        ],
                        location: schema.document.location(of: found.pointer),
                        hint: "ship the new contract under a new schema id, or keep the change compatible"
                    )
                )
            }
        }
        return changes
    }

    /// Each schema by id (the first wins).
    static func schemas(_ pack: Pack) -> [String: Pack.Schema] {
        Dictionary(pack.schemas.map { ($0.reference.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
