public import StructuredData

/// One operation of a description: a method on a path template.
public struct APIOperation: Sendable, Hashable {
    /// `operationId`, or `nil` when the description gives none.
    public var operationID: String?
    /// The method, uppercased (`GET`).
    public var method: String
    /// The path template as written (`/repos/{owner}/{repo}`).
    public var pathTemplate: String
    /// The JSON Pointer of the operation object (`/paths/~1repos~1{owner}~1{repo}/get`).
    public var pointer: String
    /// The base paths the operation is served under (from 3.x `servers` or 2.0 `basePath`; `""` for the root).
    public var basePaths: [String]
    /// The parameters, path-level ones merged with the operation's own (the operation's win).
    public var parameters: [APIParameter]
    /// The request body, when the operation has one.
    public var requestBody: APIRequestBody?
    /// The JSON Pointer of the `responses` object.
    public var responsesPointer: String
    /// `summary`, or `description`, or "".
    public var summary: String

    /// `operationId` when there is one, else `METHOD /template`.
    public var name: String { operationID ?? "\(method) \(pathTemplate)" }
    /// `METHOD /template`.
    public var route: String { "\(method) \(pathTemplate)" }
}

/// A parameter of an operation (path, query, header, cookie, or 2.0 formData).
public struct APIParameter: Sendable, Hashable {
    /// Where the parameter travels.
    public enum Location: String, Sendable, Hashable {
        case path, query, header, cookie, formData
    }

    /// The name (headers compare case-insensitively).
    public var name: String
    /// Where it travels.
    public var location: Location
    /// Whether it must be present (path parameters always are).
    public var required: Bool
    /// The schema of its value (for 2.0, built from the parameter's own `type`, `items`, `enum`...).
    public var schema: JSONValue
    /// Where ``schema`` sits in the document (for references and reports).
    public var schemaPointer: String
    /// The serialization style (`form`, `simple`, `spaceDelimited`, `pipeDelimited`, `deepObject`; for 2.0 the
    /// `collectionFormat` mapped onto these, and `multi` as exploded `form`; `json` for a 3.x parameter described
    /// by `content` with a JSON media type).
    public var style: String
    /// Whether arrays are sent as repeated parameters.
    public var explode: Bool
    /// 2.0 `collectionFormat` `tsv` (no 3.x style has it).
    public var tabSeparated: Bool
    /// The vendor's description, or "".
    public var description: String
    /// The JSON Pointer of the parameter object.
    public var pointer: String
}

/// The request body of an operation: a schema per media type.
public struct APIRequestBody: Sendable, Hashable {
    /// Whether a body is required.
    public var required: Bool
    /// Media type → JSON Pointer of its schema (`nil` when the media type has no schema).
    public var content: [String: String?]
    /// The vendor's description, or "".
    public var description: String
}
