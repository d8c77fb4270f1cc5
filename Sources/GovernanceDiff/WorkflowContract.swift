import PackFormat
import StructuredData

/// What callers of a workflow rely on: the run input it accepts and the outputs of its final steps.
///
/// The input is the workflow's inline `input_schema` (the only schema the gateway checks a run's input against;
/// absent accepts anything). Steps' own `input_schema_id`s are the workers' contracts, not the callers', and are
/// left to the schema comparison. The output is, for every final step (one no other step depends on), its
/// `output_schema`, else the schema its `output_schema_id` names in the pack.
struct WorkflowContract {
    /// One final step's output: the schema when it resolves, and the id it was named by.
    struct Output {
        var schema: JSONValue?
        var schemaID: String?
    }

    var input: JSONValue
    var outputs: [String: Output]

    init(_ workflow: Pack.Workflow, in pack: Pack) {
        let raw = workflow.workflow.raw
        input = raw["input_schema"].flatMap { $0.isNull ? nil : $0 } ?? .object([:])
        let schemas = SchemaChanges.schemas(pack)
        let steps = workflow.workflow.steps
        let depended = Set(steps.flatMap(\.dependsOn))
        var outputs: [String: Output] = [:]
        for step in steps where !depended.contains(step.id) {
            if let inline = raw["steps"]?[step.id]?["output_schema"], inline.objectValue?.isEmpty == false {
                outputs[step.id] = Output(schema: inline, schemaID: nil)
            } else if let id = step.outputSchemaID, !id.isEmpty {
                outputs[step.id] = Output(schema: schemas[id]?.document.value, schemaID: id)
            }
        }
        self.outputs = outputs
    }

    /// How `new` breaks this contract: each break with the part it is in (`input`, or `output of step <id>`).
    func breaks(to new: WorkflowContract) -> [(part: String, found: SchemaBreak)] {
        var result: [(part: String, found: SchemaBreak)] = []
        for found in SchemaCompatibility.breaks(from: input, to: new.input, direction: .input) {
            result.append(("input", found))
        }
        for stepID in outputs.keys.sorted() {
            guard let old = outputs[stepID] else { continue }
            let part = "output of step \(stepID)"
            guard let current = new.outputs[stepID] else {
                let found = SchemaBreak(
                    reason: .outputRemoved,
                    direction: .output,
                    pointer: "",
                    message: "final step \"\(stepID)\" is gone or no longer final"
                )
                result.append((part, found))
                continue
            }
            if let before = old.schema, let after = current.schema {
                for found in SchemaCompatibility.breaks(from: before, to: after, direction: .output) {
                    result.append((part, found))
                }
            } else if old.schemaID != current.schemaID {
                let found = SchemaBreak(
                    reason: .referenceChanged,
                    direction: .output,
                    pointer: "",
                    message: "output schema changed from \(old.schemaID ?? "inline") to \(current.schemaID ?? "inline")"
                )
                result.append((part, found))
            }
        }
        return result
    }
}
