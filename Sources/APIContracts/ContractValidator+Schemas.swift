import JSONSchema
import StructuredData

extension ContractValidator {
    /// A schema of the description that cannot be compiled.
    public struct SchemaProblem: Sendable, Hashable, CustomStringConvertible {
        /// The operation it belongs to.
        public var operation: OperationReference
        /// Where the schema sits (`#/paths/~1pets/get/responses/200/content/application~1json/schema`).
        public var schemaPath: String
        /// Why it cannot be used.
        public var message: String

        public var description: String { "\(operation) \(schemaPath): \(message)" }
    }

    /// Compiles every parameter, request body and response schema of every operation (what a check would
    /// compile on first use) and returns the ones that cannot be used, e.g. a `$ref` to another file or an
    /// invalid `pattern`.
    public func schemaProblems() -> [SchemaProblem] {
        var problems: [SchemaProblem] = []
        for operation in document.operations {
            var targets: [(String, JSONValue?, SchemaTranslator.Direction)] = []
            for parameter in operation.parameters {
                let inline = document.version == .swagger2 ? .some(parameter.schema) : JSONValue?.none
                targets.append((parameter.schemaPointer, inline, .request))
            }
            for case .some(let pointer) in operation.requestBody?.content.values.sorted(by: { ($0 ?? "") < ($1 ?? "") })
                ?? []
            {
                targets.append((pointer, nil, .request))
            }
            for pointer in responseSchemaPointers(operation) {
                targets.append((pointer, nil, .response))
            }
            for (pointer, inline, direction) in targets {
                if case .failure(let error) = schemas.schema(at: pointer, inline, direction: direction) {
                    problems.append(
                        SchemaProblem(
                            operation: OperationReference(operation),
                            schemaPath: "#" + pointer,
                            message: error.message
                        )
                    )
                }
            }
        }
        return problems
    }

    /// The schema pointers of every documented response of `operation`.
    func responseSchemaPointers(_ operation: APIOperation) -> [String] {
        guard let responses = JSONPointer.resolve(operation.responsesPointer, in: document.root)?.objectValue else {
            return []
        }
        var pointers: [String] = []
        for key in responses.keys.sorted() {
            let pointer = JSONPointer.appending(operation.responsesPointer, key)
            let (value, resolved) = document.dereference(responses[key] ?? .null, at: pointer)
            if document.version == .swagger2 {
                if value["schema"] != nil { pointers.append(JSONPointer.appending(resolved, "schema")) }
                continue
            }
            let content = JSONPointer.appending(resolved, "content")
            for (type, media) in (value["content"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key })
            where media["schema"] != nil {
                pointers.append(JSONPointer.appending(JSONPointer.appending(content, type), "schema"))
            }
        }
        return pointers
    }
}
