import Foundation
import JSONSchema
public import PackFormat
public import StructuredData

/// The pack's schemas (`resources.schemas`) by topic, so tests prove the worker accepts what the pack declares and
/// answers what it promises.
///
/// A topic's schemas are, in order: those `conformance.yaml` names for it; those of a workflow step on the topic
/// (`input_schema_id`, `output_schema_id`); by name, `<pack>/<Action>Input` and `<pack>/<Action>Output` where
/// `<Action>` is the topic after `job.<pack>.` in UpperCamelCase (`job.github.issues.comments.list` →
/// `IssuesCommentsList`).
public struct PackSchemas: Sendable {
    private var compiled: [String: JSONSchema] = [:]
    private var compileErrors: [String: String] = [:]
    private var byTopic: [String: (input: String?, output: String?)] = [:]

    /// The schemas of `pack`, with the overrides of `declaration`, and those of the `required` packs its workflows use
    /// (`requires_packs`), for the steps of its workflows on their topics.
    public init(_ pack: Pack, declaration: ConformanceDeclaration = ConformanceDeclaration(), required: [Pack] = []) {
        let packs = [pack] + required
        let schemas = packs.flatMap(\.schemas)
        var registry = SchemaRegistry()
        for schema in schemas { registry.add(schema.document.value, uri: schema.reference.id) }
        for schema in schemas {
            do {
                compiled[schema.reference.id] = try JSONSchema(
                    schema.document.value,
                    baseURI: schema.reference.id,
                    registry: registry
                )
            } catch {
                compileErrors[schema.reference.id] = "\(error)"
            }
        }
        let ids = Set(schemas.map(\.reference.id))
        var fromSteps: [String: (input: String?, output: String?)] = [:]
        for workflow in pack.workflows {
            for step in workflow.workflow.steps {
                guard let topic = step.topic else { continue }
                let known = fromSteps[topic]
                fromSteps[topic] = (known?.input ?? step.inputSchemaID, known?.output ?? step.outputSchemaID)
            }
        }
        for (owner, topic) in packs.flatMap({ owner in owner.manifest.topics.map { (owner.id, $0.name) } }) {
            let declared = declaration.actions[topic]
            let action = Self.actionName(topic, packID: owner)
            let named = (input: "\(owner)/\(action)Input", output: "\(owner)/\(action)Output")
            byTopic[topic] = (
                declared?.inputSchema ?? fromSteps[topic]?.input ?? (ids.contains(named.input) ? named.input : nil),
                declared?.outputSchema ?? fromSteps[topic]?.output ?? (ids.contains(named.output) ? named.output : nil)
            )
        }
    }

    /// `job.github.issues.comments.list` → `IssuesCommentsList`.
    public static func actionName(_ topic: String, packID: String) -> String {
        let prefix = "job.\(packID)."
        let action = topic.hasPrefix(prefix) ? String(topic.dropFirst(prefix.count)) : topic
        return action.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The schema ids of a topic (nil where none is known).
    public func schemaIDs(_ topic: String) -> (input: String?, output: String?) {
        byTopic[topic] ?? (nil, nil)
    }

    /// Every way `input` (and `output`, when given) breaks the topic's schemas, or a topic has no schema; empty
    /// means both conform.
    public func problems(_ topic: String, input: JSONValue?, output: JSONValue?) -> [String] {
        let ids = schemaIDs(topic)
        var problems: [String] = []
        for (kind, id, value) in [("input", ids.input, input), ("output", ids.output, output)] {
            guard let value else { continue }
            guard let id else {
                problems.append(
                    "\(topic) has no \(kind) schema: name it in a workflow step (\(kind)_schema_id), call it "
                        + "\(Self.actionName(topic, packID: "")), or declare actions.\(topic).\(kind)_schema in "
                        + "Tests/conformance.yaml"
                )
                continue
            }
            guard let schema = compiled[id] else {
                problems.append(
                    "the \(kind) schema \(id) of \(topic) "
                        + (compileErrors[id].map { "does not compile: \($0)" } ?? "is not in resources.schemas")
                )
                continue
            }
            let errors = schema.validate(value)
            if !errors.isEmpty {
                problems.append(
                    "the \(kind) of \(topic) violates \(id): "
                        + errors.prefix(5).map(\.description).joined(separator: "; ") + " — \(kind): "
                        + String(JSONEncoding.compact(value).prefix(400))
                )
            }
        }
        return problems
    }
}
