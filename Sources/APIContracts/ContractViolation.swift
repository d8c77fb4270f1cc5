/// One way an exchange departs from the description.
public struct ContractViolation: Sendable, Hashable, CustomStringConvertible {
    /// What kind of departure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// No operation of the description matches the method and path.
        public static let unknownOperation = Code("unknown_operation")
        /// A required parameter is missing.
        public static let missingParameter = Code("missing_parameter")
        /// A parameter's value does not match its schema.
        public static let invalidParameter = Code("invalid_parameter")
        /// A required request body is missing.
        public static let missingBody = Code("missing_body")
        /// The body's content type is not one the description documents.
        public static let undocumentedContentType = Code("undocumented_content_type")
        /// The body is not JSON although its content type says it is.
        public static let malformedBody = Code("malformed_body")
        /// The body does not match its schema.
        public static let invalidBody = Code("invalid_body")
        /// The response status is not documented (nor a range, nor `default`).
        public static let undocumentedStatus = Code("undocumented_status")
        /// The exchange has no response.
        public static let missingResponse = Code("missing_response")
        /// The description's schema cannot be compiled (a reference outside the document, a bad pattern...).
        public static let unusableSchema = Code("unusable_schema")

        public var description: String { value }
    }

    /// What kind of departure.
    public var code: Code
    /// The exchange's position in the log (1-based).
    public var exchange: Int
    /// `METHOD /path` as sent (without the query).
    public var request: String
    /// The operation it was matched to (`nil` for `.unknownOperation`).
    public var operation: OperationReference?
    /// Where in the exchange: `request.query.limit`, `request.body/items/0`, `response.status`,
    /// `response.body/id`.
    public var location: String
    /// Where in the description the failing keyword is (`#/components/schemas/Issue/properties/id/type`), or "".
    public var schemaPath: String
    /// The failing JSON Schema keyword, or "".
    public var keyword: String
    /// One sentence saying what is wrong.
    public var message: String
    /// The vendor's own description of the failing parameter, property or schema, or "".
    public var vendorDescription: String

    /// Creates a violation.
    public init(
        code: Code,
        exchange: Int,
        request: String,
        operation: OperationReference?,
        location: String,
        schemaPath: String = "",
        keyword: String = "",
        message: String,
        vendorDescription: String = ""
    ) {
        self.code = code
        self.exchange = exchange
        self.request = request
        self.operation = operation
        self.location = location
        self.schemaPath = schemaPath
        self.keyword = keyword
        self.message = message
        self.vendorDescription = vendorDescription
    }

    /// `#3 GET /repos/acme/widgets (repos/get GET /repos/{owner}/{repo}) response.body/id: ... [schema ...]`.
    public var description: String {
        var text = "#\(exchange) \(request)"
        if let operation { text += " (\(operation))" }
        text += " \(location): \(message)"
        if !schemaPath.isEmpty { text += " [schema \(schemaPath)]" }
        if !vendorDescription.isEmpty { text += " — vendor: \"\(Self.shortened(vendorDescription))\"" }
        return text
    }

    private static func shortened(_ text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? text
        return line.count > 160 ? String(line.prefix(157)) + "..." : line
    }
}

/// The operation an exchange was matched to.
public struct OperationReference: Sendable, Hashable, CustomStringConvertible {
    /// `operationId`, or `nil`.
    public var operationID: String?
    /// The method.
    public var method: String
    /// The path template.
    public var pathTemplate: String

    /// Creates a reference.
    public init(operationID: String?, method: String, pathTemplate: String) {
        self.operationID = operationID
        self.method = method
        self.pathTemplate = pathTemplate
    }

    init(_ operation: APIOperation) {
        self.init(operationID: operation.operationID, method: operation.method, pathTemplate: operation.pathTemplate)
    }

    public var description: String {
        operationID.map { "\($0) \(method) \(pathTemplate)" } ?? "\(method) \(pathTemplate)"
    }
}
