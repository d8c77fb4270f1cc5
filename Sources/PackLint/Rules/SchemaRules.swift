import JSONSchema
import PackFormat
import StructuredData

/// Rules on the pack's JSON schemas.
enum SchemaRules {
    static let draft07 = ["http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema"]

    /// The URI a pack schema is known by, so schemas can `$ref` each other by id.
    static func uri(_ id: String) -> String { "cordum://schemas/" + id }

    static func check(_ context: LintContext, _ collector: inout FindingCollector) {
        var registry = SchemaRegistry()
        for pack in context.packs.values {
            for schema in pack.schemas { registry.add(schema.document.value, uri: uri(schema.reference.id)) }
        }
        for schema in context.pack.schemas {
            let document = schema.document
            let declared = document.value["$schema"]?.stringValue
            if let declared, !draft07.contains(declared) {
                collector.report(
                    .schemaValid,
                    pack: context.id,
                    at: document.location(of: "/$schema"),
                    "schema \"\(schema.reference.id)\" declares \(declared)",
                    hint: "pack schemas are draft-07: \"$schema\": \"http://json-schema.org/draft-07/schema#\""
                )
                continue
            }
            if declared == nil {
                collector.report(
                    .schemaValid,
                    pack: context.id,
                    at: document.location(of: ""),
                    "schema \"\(schema.reference.id)\" does not declare its draft",
                    hint: "add \"$schema\": \"http://json-schema.org/draft-07/schema#\"",
                    severity: .warning
                )
            }
            do {
                _ = try JSONSchema(document.value, baseURI: uri(schema.reference.id), registry: registry)
            } catch {
                collector.report(
                    .schemaValid,
                    pack: context.id,
                    at: document.location(of: error.schemaPath),
                    "schema \"\(schema.reference.id)\" does not compile: \(error.message)"
                )
            }
        }
    }
}
