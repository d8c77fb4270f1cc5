import StructuredData

/// Reads typed fields out of a ``Document``, collecting a ``PackFormatError`` for every field of the wrong type.
///
/// Follows yaml.v3's rules for typed decoding, as Cordum's installer uses them: any scalar decodes into a string
/// field as its literal text, a non-integer into an int field is an error, and unknown keys are ignored (they are
/// reported by lint, not here).
struct DocumentReader {
    let document: Document
    var errors: [PackFormatError] = []

    init(_ document: Document) {
        self.document = document
    }

    func value(_ pointer: String) -> JSONValue? {
        JSONPointer.resolve(pointer, in: document.value)
    }

    mutating func typeError(_ pointer: String, expected: String, found: JSONValue) {
        errors.append(
            PackFormatError(
                code: .wrongType,
                location: document.location(of: pointer),
                field: JSONPointer.fieldPath(pointer),
                message: "expected \(expected), found \(found.typeName)"
            )
        )
    }

    /// A string field: strings as they are, other scalars as their literal text, null/absent as nil.
    mutating func string(_ pointer: String) -> String? {
        guard let found = value(pointer) else { return nil }
        switch found {
        case .null: return nil
        case .string(let text): return text
        case .bool, .integer, .number:
            if let literal = document.literals[pointer] { return literal }
            switch found {
            case .bool(let flag): return flag ? "true" : "false"
            case .integer(let integer): return String(integer)
            default: return JSONEncoding.compact(found)
            }
        default:
            typeError(pointer, expected: "a string", found: found)
            return nil
        }
    }

    /// An integer field.
    mutating func integer(_ pointer: String) -> Int? {
        guard let found = value(pointer) else { return nil }
        switch found {
        case .null: return nil
        case .integer(let integer): return integer
        default:
            typeError(pointer, expected: "an integer", found: found)
            return nil
        }
    }

    /// A list of strings.
    mutating func strings(_ pointer: String) -> [String] {
        guard let found = value(pointer) else { return [] }
        switch found {
        case .null: return []
        case .array(let elements):
            var result: [String] = []
            for index in elements.indices {
                if let text = string(JSONPointer.appending(pointer, index)) { result.append(text) }
            }
            return result
        default:
            typeError(pointer, expected: "a list of strings", found: found)
            return []
        }
    }

    /// A mapping of strings (labels): every value read as a string field; absent or null is empty.
    mutating func stringMap(_ pointer: String) -> [String: String] {
        guard let found = value(pointer) else { return [:] }
        switch found {
        case .null: return [:]
        case .object(let members):
            var result: [String: String] = [:]
            for key in members.keys {
                if let text = string(JSONPointer.appending(pointer, key)) { result[key] = text }
            }
            return result
        default:
            typeError(pointer, expected: "a mapping of strings", found: found)
            return [:]
        }
    }

    /// The number of elements of a list field (0 when absent, null or of the wrong type).
    mutating func count(_ pointer: String) -> Int {
        guard let found = value(pointer) else { return 0 }
        switch found {
        case .null: return 0
        case .array(let elements): return elements.count
        default:
            typeError(pointer, expected: "a list", found: found)
            return 0
        }
    }

    /// Checks that a field, when present, is a mapping.
    mutating func expectObject(_ pointer: String) -> Bool {
        guard let found = value(pointer) else { return false }
        switch found {
        case .null: return false
        case .object: return true
        default:
            typeError(pointer, expected: "a mapping", found: found)
            return false
        }
    }
}
