import JSONSchema
import PackFormat
import StructuredData

/// Rules on the examples of every workflow's input: at least one, each valid against the input schema, so
/// `packctl run WORKFLOW --example N` can run them.
enum WorkflowExampleRules {
    static func check(_ context: LintContext, _ collector: inout FindingCollector) {
        for workflow in context.pack.workflows {
            let document = workflow.document
            let id = workflow.reference.id
            let schema = document.value["input_schema"]
            guard let examples = schema?["examples"]?.arrayValue, !examples.isEmpty else {
                collector.report(
                    .workflowExamples,
                    pack: context.id,
                    at: document.location(of: schema == nil ? "" : "/input_schema"),
                    "workflow \(id) has no input examples",
                    hint: "add input_schema.examples: a list of inputs that run against the pack's emulator demo "
                        + "data (packctl run \(id) --example 0 runs the first)"
                )
                continue
            }
            guard let schema else { continue }
            let compiled: JSONSchema
            do {
                compiled = try JSONSchema(schema)
            } catch {
                continue  // workflow-references reports an input schema that does not compile
            }
            for (index, example) in examples.enumerated() {
                guard case .object = example else {
                    collector.report(
                        .workflowExamples,
                        pack: context.id,
                        at: document.location(of: "/input_schema/examples/\(index)"),
                        "example \(index) of workflow \(id) is \(example.typeName), not an input object",
                        hint: "each example is a run input: a mapping of the input_schema's properties"
                    )
                    continue
                }
                guard let first = compiled.validate(example).first else { continue }
                collector.report(
                    .workflowExamples,
                    pack: context.id,
                    at: document.location(of: "/input_schema/examples/\(index)"),
                    "example \(index) of workflow \(id) does not match its input_schema: \(first)",
                    hint: "fix the example or the schema; every example must be a valid run input"
                )
            }
        }
    }
}
