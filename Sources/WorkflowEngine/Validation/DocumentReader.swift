import StructuredData

/// Reads typed fields out of a workflow document, collecting an error for each field of the wrong type.
struct DocumentReader {
    let document: Document
    var errors: [WorkflowError] = []

    init(_ document: Document) { self.document = document }

    func value(_ pointer: String) -> JSONValue? {
        guard let found = JSONPointer.resolve(pointer, in: document.value), !found.isNull else { return nil }
        return found
    }

    mutating func report(
        _ code: WorkflowError.Code,
        _ pointer: String,
        step: String?,
        _ message: String,
        hint: String? = nil
    ) {
        errors.append(
            WorkflowError(
                code: code,
                stepID: step,
                field: JSONPointer.fieldPath(pointer),
                location: document.location(of: pointer),
                message: message,
                hint: hint
            )
        )
    }

    private mutating func wrongType(_ pointer: String, step: String?, expected: String, found: JSONValue) {
        report(
            .wrongType,
            pointer,
            step: step,
            "\(JSONPointer.fieldPath(pointer)) must be \(expected) but is \(found.typeName)"
        )
    }

    mutating func string(_ pointer: String, step: String?) -> String? {
        guard let found = value(pointer) else { return nil }
        guard let string = found.stringValue else {
            let hint = found.doubleValue != nil ? "quote the value" : nil
            report(
                .wrongType,
                pointer,
                step: step,
                "\(JSONPointer.fieldPath(pointer)) must be a string but is \(found.typeName)",
                hint: hint
            )
            return nil
        }
        let trimmed = string.trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }

    mutating func integer(_ pointer: String, step: String?) -> Int? {
        guard let found = value(pointer) else { return nil }
        guard let integer = found.intValue else {
            wrongType(pointer, step: step, expected: "an integer", found: found)
            return nil
        }
        return integer
    }

    mutating func number(_ pointer: String, step: String?) -> Double? {
        guard let found = value(pointer) else { return nil }
        guard let number = found.doubleValue else {
            wrongType(pointer, step: step, expected: "a number", found: found)
            return nil
        }
        return number
    }

    mutating func object(_ pointer: String, step: String?) -> [String: JSONValue]? {
        guard let found = value(pointer) else { return nil }
        guard let object = found.objectValue else {
            wrongType(pointer, step: step, expected: "an object", found: found)
            return nil
        }
        return object
    }

    mutating func strings(_ pointer: String, step: String?) -> [String] {
        guard let found = value(pointer) else { return [] }
        guard let array = found.arrayValue else {
            wrongType(pointer, step: step, expected: "an array of strings", found: found)
            return []
        }
        var result: [String] = []
        for index in array.indices {
            if let string = string(JSONPointer.appending(pointer, index), step: step) { result.append(string) }
        }
        return result
    }

    mutating func stringMap(_ pointer: String, step: String?) -> [String: String] {
        guard let members = object(pointer, step: step) else { return [:] }
        var result: [String: String] = [:]
        for key in members.keys.sorted() {
            if let string = string(JSONPointer.appending(pointer, key), step: step) { result[key] = string }
        }
        return result
    }

    /// An inline schema (object or boolean).
    mutating func schema(_ pointer: String, step: String?) -> JSONValue? {
        guard let found = value(pointer) else { return nil }
        switch found {
        case .object, .bool: return found
        default:
            wrongType(pointer, step: step, expected: "a JSON Schema (object or boolean)", found: found)
            return nil
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars.removeFirst() }
        while scalars.last?.isWhitespace == true { scalars.removeLast() }
        return String(scalars)
    }
}
