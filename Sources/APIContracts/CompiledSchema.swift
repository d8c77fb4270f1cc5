import JSONSchema
import StructuredData
import Synchronization

/// A description's schema translated and compiled, with what is needed to report errors in the description's
/// own terms.
struct CompiledSchema: Sendable {
    let schema: JSONSchema
    let translated: JSONValue
    let origins: [String: String]
    /// Where the schema sits in the description.
    let pointer: String

    /// A failure in description terms: the pointer of the failing keyword, the vendor's nearest description,
    /// and whether it is a `readOnly`/`writeOnly` property (its keyword).
    func locate(_ schemaPath: String) -> (pointer: String, description: String, forbidden: String?) {
        var node = translated
        var pointer = self.pointer
        var description = translated["description"]?.stringValue ?? ""
        var synthetic = false
        let tokens = JSONPointer.tokens(schemaPath)
        var index = 0
        var forbidden: String?
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token == "$ref", let ref = node["$ref"]?.stringValue, ref.hasPrefix("#/$defs/") {
                let name = String(ref.dropFirst("#/$defs/".count))
                node = translated["$defs"]?[name] ?? .null
                pointer = origins[name] ?? pointer
                synthetic = false
            } else if token == "anyOf", node[SchemaTranslator.nullableMarker] != nil, index < tokens.count,
                tokens[index] == "0"
            {
                node = node["anyOf"]?.arrayValue?.first ?? .null
                index += 1
            } else if token == "allOf", let property = node[SchemaTranslator.discriminatorMarker]?.stringValue,
                index < tokens.count, let entry = Int(tokens[index]),
                let clause = node["allOf"]?.arrayValue?[entry], clause["then"] != nil || clause["required"] != nil,
                clause["if"] != nil || clause["properties"]?[property]?["enum"] != nil
            {
                node = clause
                pointer = JSONPointer.appending(pointer, "discriminator")
                synthetic = true
                index += 1
            } else {
                var original = token
                if node[SchemaTranslator.tupleMarker] != nil {
                    original = token == "prefixItems" ? "items" : (token == "items" ? "additionalItems" : token)
                }
                node = Self.child(node, token)
                if !synthetic { pointer = JSONPointer.appending(pointer, original) }
            }
            if let marker = node[SchemaTranslator.forbiddenMarker]?.stringValue { forbidden = marker }
            if index < tokens.count, let text = node["description"]?.stringValue, !text.isEmpty {
                description = text
            }
        }
        return ("#" + pointer, description, forbidden)
    }

    private static func child(_ node: JSONValue, _ token: String) -> JSONValue {
        if let array = node.arrayValue, let index = Int(token), array.indices.contains(index) { return array[index] }
        return node[token] ?? .null
    }
}

/// Compiled schemas by description pointer and direction, compiled on first use.
final class SchemaCache: Sendable {
    private struct Key: Hashable {
        var pointer: String
        var direction: SchemaTranslator.Direction
    }

    private let entries = Mutex<[Key: Result<CompiledSchema, SchemaError>]>([:])
    let document: APIDocument

    init(document: APIDocument) {
        self.document = document
    }

    /// The compiled schema at `pointer` (or `schema`, when given, standing for that pointer).
    func schema(
        at pointer: String,
        _ schema: JSONValue? = nil,
        direction: SchemaTranslator.Direction
    ) -> Result<CompiledSchema, SchemaError> {
        let key = Key(pointer: pointer, direction: direction)
        if let cached = entries.withLock({ $0[key] }) { return cached }
        let source = schema ?? JSONPointer.resolve(pointer, in: document.root) ?? [:]
        var translator = SchemaTranslator(root: document.root, version: document.version, direction: direction)
        let translated = translator.translate(source)
        let result: Result<CompiledSchema, SchemaError>
        do {
            let compiled = try JSONSchema(translated, defaultDraft: .draft202012, assertFormats: false)
            result = .success(
                CompiledSchema(schema: compiled, translated: translated, origins: translator.origins, pointer: pointer)
            )
        } catch {
            result = .failure(error)
        }
        entries.withLock { $0[key] = result }
        return result
    }
}
