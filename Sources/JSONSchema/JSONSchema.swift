public import StructuredData

/// A compiled JSON Schema: draft-04, draft-06, draft-07, 2019-09 or 2020-12, as its `$schema` says.
///
/// Compile once with ``init(_:baseURI:registry:loader:defaultDraft:assertFormats:)``, then call ``validate(_:)`` or ``isValid(_:)``
/// as often as needed, from any thread: validation never re-reads the schema and never performs I/O.
///
/// ```swift
/// let schema = try JSONSchema(["type": "object", "required": ["name"]])
/// schema.validate(["title": "x"])  // [/: missing required property "name"]
/// ```
public struct JSONSchema: Sendable {
    /// The base URI used when the caller gives none.
    public static let defaultBaseURI = "urn:cordum:schema"

    private let program: CompiledProgram

    /// The draft the root schema is read in: its `$schema`'s, or the default draft.
    public var draft: Draft { program.draft }

    /// Compiles a schema, resolving every reference it reaches.
    /// - Parameters:
    ///   - schema: the schema document (an object or a boolean).
    ///   - baseURI: the URI the schema was retrieved from, against which relative `$id`s and `$ref`s
    ///     resolve; defaults to ``defaultBaseURI``.
    ///   - registry: other schemas the schema may `$ref` by URI or `$id`.
    ///   - loader: fetches referenced schemas found neither in the schema nor in the registry; with nil,
    ///     such references are an ``SchemaError/Code-swift.struct/unresolvableRef`` error.
    ///   - defaultDraft: the draft of schemas that declare no `$schema` (draft-07 unless told).
    ///   - assertFormats: whether `format` fails invalid strings: nil follows the draft (drafts 4 to 7
    ///     assert, 2019-09 and 2020-12 only annotate unless the meta-schema has 2020-12's format-assertion
    ///     vocabulary); true or false overrides it for every draft.
    /// - Throws: ``SchemaError`` when the schema is malformed or a reference cannot be resolved.
    public init(
        _ schema: JSONValue,
        baseURI: String? = nil,
        registry: SchemaRegistry = SchemaRegistry(),
        loader: (any SchemaLoader)? = nil,
        defaultDraft: Draft = .draft7,
        assertFormats: Bool? = nil
    ) throws(SchemaError) {
        let base = URIReference.splitFragment(baseURI ?? Self.defaultBaseURI).resource
        program = try SchemaCompiler.compile(
            schema,
            baseURI: base,
            registry: registry,
            loader: loader,
            defaultDraft: defaultDraft,
            assertFormats: assertFormats
        )
    }

    /// Validates `instance` and returns every failure, in a stable order; empty means valid.
    public func validate(_ instance: JSONValue) -> [ValidationError] {
        var validator = Validator(program: program, collecting: true)
        _ = validator.validate(program.root, instance)
        return validator.errors
    }

    /// Whether `instance` is valid; stops at the first failure.
    public func isValid(_ instance: JSONValue) -> Bool {
        var validator = Validator(program: program, collecting: false)
        return validator.validate(program.root, instance)
    }
}
