import Foundation
import StructuredData

/// Turns the text of a parameter into the JSON value its schema describes, following its style and explode
/// rules: `form` (`?id=1&id=2` exploded, `?id=1,2` not), `spaceDelimited`, `pipeDelimited`, `simple`
/// (`1,2`), `deepObject` (`?filter[state]=open`), objects as `key,value` pairs or (exploded `form`) one query item
/// per property, 2.0 `tsv`. Text that is not of the schema's type stays a
/// string, so the schema reports the mismatch.
struct ParameterDecoding {
    let document: APIDocument

    /// The value of `parameter` given the raw values sent for it (several when repeated).
    func value(of parameter: APIParameter, from values: [String]) -> JSONValue {
        if parameter.style == "json" {
            let text = values.first ?? ""
            return (try? JSONParser.parse(text)) ?? .string(text)
        }
        let schema = resolved(parameter.schema)
        switch type(of: schema) {
        case "array":
            let items = resolved(schema["items"] ?? [:])
            let parts: [String]
            if parameter.explode && (parameter.style == "form" || parameter.location == .formData) {
                parts = values
            } else {
                let separator: Character =
                    switch parameter.style {
                    case "spaceDelimited": " "
                    case "pipeDelimited": "|"
                    default: parameter.tabSeparated ? "\t" : ","
                    }
                parts = values.flatMap { $0.split(separator: separator, omittingEmptySubsequences: false) }
                    .map(String.init)
            }
            return .array(parts.map { scalar($0, items) })
        case "object" where !parameter.explode || parameter.style == "simple":
            // `form`/`simple` without explode: `key,value,key,value`.
            let parts = (values.first ?? "").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var object: [String: JSONValue] = [:]
            for index in stride(from: 0, to: parts.count - 1, by: 2) {
                object[parts[index]] = scalar(parts[index + 1], resolved(schema["properties"]?[parts[index]] ?? [:]))
            }
            return .object(object)
        default:
            return scalar(values.first ?? "", schema)
        }
    }

    /// An exploded `form` object parameter: each property is its own query item (`?state=open&page=2`).
    func explodedObject(from query: [(name: String, value: String)], schema: JSONValue) -> JSONValue? {
        let schema = resolved(schema)
        var object: [String: JSONValue] = [:]
        for (key, property) in schema["properties"]?.objectValue ?? [:] {
            if let item = query.first(where: { $0.name == key }) {
                object[key] = scalar(item.value, resolved(property))
            }
        }
        return object.isEmpty ? nil : .object(object)
    }

    /// A `deepObject` parameter from `name[key]=value` query items.
    func deepObject(named name: String, from query: [(name: String, value: String)], schema: JSONValue) -> JSONValue? {
        let schema = resolved(schema)
        var object: [String: JSONValue] = [:]
        for item in query where item.name.hasPrefix(name + "[") && item.name.hasSuffix("]") {
            let key = String(item.name.dropFirst(name.count + 1).dropLast())
            object[key] = scalar(item.value, resolved(schema["properties"]?[key] ?? [:]))
        }
        return object.isEmpty ? nil : .object(object)
    }

    /// `text` as the schema's scalar type when it reads as one.
    func scalar(_ text: String, _ schema: JSONValue) -> JSONValue {
        let schema = resolved(schema)
        let types = typeNames(schema)
        if types.contains("integer"), let value = Int(text) { return .integer(value) }
        if types.contains("number"), let value = Double(text), value.isFinite {
            return Int(text).map(JSONValue.integer) ?? .number(value)
        }
        if types.contains("boolean"), text == "true" || text == "false" { return .bool(text == "true") }
        if types.contains("null"), text.isEmpty || text == "null" { return .null }
        return .string(text)
    }

    /// The schema's `type` (the first non-null one), or "".
    func type(of schema: JSONValue) -> String {
        typeNames(schema).first { $0 != "null" } ?? ""
    }

    private func typeNames(_ schema: JSONValue) -> [String] {
        if let name = schema["type"]?.stringValue { return [name] }
        if let names = schema["type"]?.arrayValue?.compactMap(\.stringValue) { return names }
        for key in ["allOf", "anyOf", "oneOf"] {
            for branch in schema[key]?.arrayValue ?? [] {
                let names = typeNames(resolved(branch))
                if !names.isEmpty { return names }
            }
        }
        return []
    }

    /// Follows `$ref`s to the schema they name.
    func resolved(_ schema: JSONValue) -> JSONValue {
        var current = schema
        for _ in 0..<32 {
            guard let ref = current["$ref"]?.stringValue, let next = document.resolve(ref) else { break }
            current = next
        }
        return current
    }
}
