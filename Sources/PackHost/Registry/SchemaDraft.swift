import StructuredData

/// How the host reads a schema's `$schema`: draft-07 (and 4, 6) as they are; a later draft (2019-09, 2020-12),
/// which the validator does not implement, under draft-07 rules. Cordum stores schemas without compiling them and
/// upstream packs ship 2020-12 schemas, so refusing them would refuse packs Cordum installs; the schema is still
/// stored verbatim, and the install reports the downgrade.
enum SchemaDraft {
    /// The schema to compile, and a note when its declared draft was read as draft-07.
    static func compilable(_ schema: JSONValue, id: String) -> (schema: JSONValue, note: String?) {
        guard case .object(var members) = schema, let declared = members["$schema"]?.stringValue,
            declared.contains("json-schema.org"),
            ["draft/2019-09", "draft/2020-12", "draft/next"].contains(where: { declared.contains($0) })
        else { return (schema, nil) }
        members.removeValue(forKey: "$schema")
        return (.object(members), "schema \(id) declares \(declared); it is checked and validated under draft-07 rules")
    }
}
