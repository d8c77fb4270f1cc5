import Foundation
public import StructuredData

/// A Swagger 2.0, OpenAPI 3.0 or OpenAPI 3.1 document, read into its operations.
///
/// The document is kept as a ``JSONValue``; schema objects are translated to JSON Schema 2020-12 on first use
/// (see ``SchemaTranslator``). `$ref`s inside the document (`#/components/...`, `#/definitions/...`,
/// `#/parameters/...`, `#/responses/...`) are followed; references to other files are reported, not fetched.
public struct APIDocument: Sendable {
    /// The description's format.
    public enum Version: String, Sendable, Hashable {
        /// Swagger 2.0 (`swagger: "2.0"`).
        case swagger2 = "2.0"
        /// OpenAPI 3.0.x.
        case openAPI30 = "3.0"
        /// OpenAPI 3.1.x.
        case openAPI31 = "3.1"
    }

    /// The format.
    public let version: Version
    /// The whole document.
    public let root: JSONValue
    /// Every operation, by path template, then in the method order get, put, post, delete, options, head,
    /// patch, trace.
    public let operations: [APIOperation]
    /// `info.title`, or "" when absent.
    public var title: String { root["info"]?["title"]?.stringValue ?? "" }

    /// Reads a document from a file (JSON when it starts like JSON, otherwise YAML).
    /// - Throws: ``APIContractsError`` when the file cannot be read or is not a supported description.
    public init(contentsOf path: String) throws(APIContractsError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw APIContractsError(code: .unreadable, location: path, message: "cannot read the file")
        }
        try self.init(bytes: Array(data), file: path)
    }

    /// Reads a document from JSON or YAML text.
    public init(bytes: [UInt8], file: String = "<input>") throws(APIContractsError) {
        let first = bytes.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        let value: JSONValue
        do {
            if first == UInt8(ascii: "{"), let text = String(validating: bytes, as: UTF8.self) {
                value = try JSONParser.parse(text, file: file)
            } else {
                let limits = Document.Limits(maxDepth: 512, maxNodes: 20_000_000)
                value = try YAMLLoader.load(bytes, file: file, limits: limits).value
            }
        } catch {
            throw APIContractsError(code: .unreadable, location: file, message: "not JSON or YAML: \(error.message)")
        }
        try self.init(value, file: file)
    }

    /// Reads a document already parsed.
    public init(_ root: JSONValue, file: String = "<input>") throws(APIContractsError) {
        guard root.objectValue != nil else {
            throw APIContractsError(
                code: .invalidDocument,
                location: file,
                message: "a description is an object with `openapi` or `swagger`; found \(root.typeName)"
            )
        }
        if root["swagger"]?.stringValue == "2.0" {
            version = .swagger2
        } else if let openapi = root["openapi"]?.stringValue, openapi.hasPrefix("3.0") {
            version = .openAPI30
        } else if let openapi = root["openapi"]?.stringValue, openapi.hasPrefix("3.1") {
            version = .openAPI31
        } else {
            let found = root["openapi"] ?? root["swagger"]
            throw APIContractsError(
                code: .unsupportedVersion,
                location: file,
                message: "found \(found.map(JSONEncoding.compact) ?? "neither `openapi` nor `swagger`"); "
                    + "supported: swagger \"2.0\", openapi \"3.0.x\" or \"3.1.x\""
            )
        }
        self.root = root
        operations = try OperationReader(root: root, version: version, file: file).read()
    }

    /// The value a local `$ref` (`#/components/schemas/Pet`) names, or `nil`.
    public func resolve(_ ref: String) -> JSONValue? {
        Self.resolve(ref, in: root)
    }

    /// Follows `$ref`s from `value` (at most 32) to the object it names; returns it and its pointer.
    func dereference(_ value: JSONValue, at pointer: String) -> (JSONValue, String) {
        var current = value
        var currentPointer = pointer
        for _ in 0..<32 {
            guard let ref = current["$ref"]?.stringValue, let target = Self.pointer(ofRef: ref),
                let next = JSONPointer.resolve(target, in: root)
            else { break }
            current = next
            currentPointer = target
        }
        return (current, currentPointer)
    }

    /// The JSON Pointer of a local reference (`#/a/b` → `/a/b`, percent-decoded), or `nil` for other files.
    static func pointer(ofRef ref: String) -> String? {
        guard ref.hasPrefix("#") else { return nil }
        let fragment = String(ref.dropFirst())
        return fragment.removingPercentEncoding ?? fragment
    }

    static func resolve(_ ref: String, in root: JSONValue) -> JSONValue? {
        guard let pointer = pointer(ofRef: ref) else { return nil }
        return JSONPointer.resolve(pointer, in: root)
    }
}
