import Foundation
public import StructuredData

/// A pack's reviewed list of known gaps in a vendor's description: each entry names an operation (and
/// optionally a location) and says why. A violation an entry covers is reported as excepted, never dropped; an
/// entry that covers nothing in a run is reported as stale.
///
/// File format (YAML or JSON):
/// ```yaml
/// exceptions:
///   - operation: issues/get            # operationId, "METHOD /template", or "METHOD /path" of an unknown operation
///     location: response.body/closed_by # optional: this location or anything below it
///     reason: the published description lacks closed_by on issues
/// ```
public struct ContractExceptions: Sendable, Hashable {
    /// One entry.
    public struct Entry: Sendable, Hashable, CustomStringConvertible {
        /// The operation: `operationId`, `METHOD /template`, or `METHOD /path` for a request no operation matches.
        public var operation: String
        /// A location prefix (`response.body/closed_by`), or "" for every location of the operation.
        public var location: String
        /// Why the exception is needed (required).
        public var reason: String

        /// Creates an entry.
        public init(operation: String, location: String = "", reason: String) {
            self.operation = operation
            self.location = location
            self.reason = reason
        }

        /// Whether the entry covers `violation`.
        public func covers(_ violation: ContractViolation) -> Bool {
            let names: [String]
            if let operation = violation.operation {
                names = [operation.operationID, "\(operation.method) \(operation.pathTemplate)"].compactMap { $0 }
            } else {
                names = [violation.request]
            }
            guard names.contains(operation) else { return false }
            guard !location.isEmpty else { return true }
            let rest = violation.location.dropFirst(location.count)
            return violation.location.hasPrefix(location)
                && (rest.isEmpty || rest.hasPrefix("/") || rest.hasPrefix("."))
        }

        public var description: String {
            location.isEmpty ? "\(operation): \(reason)" : "\(operation) \(location): \(reason)"
        }
    }

    /// The entries, in file order.
    public var entries: [Entry]

    /// Creates a list.
    public init(_ entries: [Entry] = []) {
        self.entries = entries
    }

    /// Reads an exceptions file.
    /// - Throws: ``APIContractsError`` naming the entry and member that is wrong.
    public init(contentsOf path: String) throws(APIContractsError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw APIContractsError(code: .unreadable, location: path, message: "cannot read the exceptions file")
        }
        let value: JSONValue
        do {
            value = try Document.parse(Array(data), file: path).value
        } catch {
            throw APIContractsError(code: .unreadable, location: path, message: "not JSON or YAML: \(error.message)")
        }
        try self.init(value, file: path)
    }

    /// Reads exceptions from a parsed file.
    public init(_ value: JSONValue, file: String = "<input>") throws(APIContractsError) {
        func fail(_ pointer: String, _ message: String) -> APIContractsError {
            APIContractsError(code: .invalidException, location: "\(file)#\(pointer)", message: message)
        }
        guard let object = value.objectValue, let list = object["exceptions"]?.arrayValue else {
            throw fail("", "an exceptions file is an object with an `exceptions` list")
        }
        if let extra = object.keys.first(where: { $0 != "exceptions" }) {
            throw fail("/\(extra)", "unknown member \"\(extra)\"; the file has only `exceptions`")
        }
        var entries: [Entry] = []
        for (index, item) in list.enumerated() {
            let pointer = "/exceptions/\(index)"
            guard let fields = item.objectValue else { throw fail(pointer, "an entry is an object") }
            if let extra = fields.keys.first(where: { !["operation", "location", "reason"].contains($0) }) {
                throw fail("\(pointer)/\(extra)", "unknown member \"\(extra)\"; valid: operation, location, reason")
            }
            guard let operation = fields["operation"]?.stringValue, !operation.isEmpty else {
                throw fail("\(pointer)/operation", "`operation` is required: an operationId or \"METHOD /path\"")
            }
            guard let reason = fields["reason"]?.stringValue,
                !reason.trimmingCharacters(in: .whitespaces).isEmpty
            else {
                throw fail("\(pointer)/reason", "`reason` is required: say why the description is incomplete here")
            }
            entries.append(Entry(operation: operation, location: fields["location"]?.stringValue ?? "", reason: reason))
        }
        self.entries = entries
    }
}
