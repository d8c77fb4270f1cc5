import JSONSchema
import StructuredData

/// How the host reads a schema's `$schema`. Every draft the validator implements (04, 06, 07, 2019-09, 2020-12) is
/// compiled and validated by its own rules. A JSON Schema draft it does not implement (`draft/next`, a future
/// dated draft) is read under draft-07 rules instead of being refused: Cordum stores schemas without compiling them,
/// so refusing would refuse packs Cordum installs. The schema is still stored verbatim, and the install reports the
/// downgrade.
enum SchemaDraft {
    /// The schema to compile, and a note when its declared draft was read as draft-07.
    static func compilable(_ schema: JSONValue, id: String) -> (schema: JSONValue, note: String?) {
        guard case .object(var members) = schema, let declared = members["$schema"]?.stringValue,
            declared.contains("json-schema.org/draft/"), JSONSchema.Draft(metaSchemaURI: declared) == nil
        else { return (schema, nil) }
        members.removeValue(forKey: "$schema")
        return (
            .object(members),
            "schema \(id) declares \(declared), a draft the validator does not implement; it is checked and validated under draft-07 rules"
        )
    }
}
