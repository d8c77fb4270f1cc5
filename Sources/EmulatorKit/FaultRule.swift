public import StructuredData

/// A fault to inject: which requests it matches and what happens to them.
///
/// A rule with a `status` answers matching requests itself (after `delay`, if any); a rule without one only delays
/// them and then lets the emulator answer normally. `after` lets that many matching requests through first;
/// `count` limits how many requests the rule affects (then it expires); `nil` means until removed.
public struct FaultRule: Sendable, Hashable {
    /// The rule's id (assigned by ``FaultInjector/add(_:)`` when empty).
    public var id: String
    /// The method to match (upper case), or `nil` for any.
    public var method: String?
    /// The path pattern to match (see ``PathPattern``).
    public var path: PathPattern
    /// The status to answer with, or `nil` to only delay.
    public var status: Int?
    /// Extra response headers.
    public var headers: [String: String]
    /// The JSON body; `nil` uses the emulator's default error body for the status.
    public var body: JSONValue?
    /// Seconds for a `Retry-After` header.
    public var retryAfter: Int?
    /// How long to wait before answering.
    public var delay: Duration
    /// Matching requests to let through before the rule applies.
    public var after: Int
    /// How many requests the rule still affects; `nil` = unlimited.
    public var count: Int?

    /// Creates a rule.
    /// - Throws: `EmulatorError.invalidFault` naming the field when a value is out of range.
    public init(
        id: String = "",
        method: String? = nil,
        path: String = "/**",
        status: Int? = nil,
        headers: [String: String] = [:],
        body: JSONValue? = nil,
        retryAfter: Int? = nil,
        delay: Duration = .zero,
        after: Int = 0,
        count: Int? = nil
    ) throws(EmulatorError) {
        if let status, !(200...599).contains(status) {
            throw .invalidFault(
                field: "status",
                message: "must be a final HTTP status 200-599 (got \(status); 1xx are not answers)"
            )
        }
        for (name, value) in headers {
            try Self.checkHeader(name: name, value: value)
        }
        if status == nil, delay == .zero {
            throw .invalidFault(
                field: "status",
                message: "is required unless `delay_ms` is set (a rule must do something)"
            )
        }
        if let retryAfter, retryAfter < 0 {
            throw .invalidFault(field: "retry_after", message: "must be >= 0 seconds (got \(retryAfter))")
        }
        if delay < .zero || delay > .seconds(300) {
            throw .invalidFault(field: "delay_ms", message: "must be 0-300000 milliseconds")
        }
        if after < 0 { throw .invalidFault(field: "after", message: "must be >= 0 (got \(after))") }
        if let count, count < 1 { throw .invalidFault(field: "count", message: "must be >= 1 (got \(count))") }
        self.id = id
        self.method = method?.uppercased()
        self.path = try PathPattern(path)
        self.status = status
        self.headers = Dictionary(
            headers.map { ($0.key.lowercased(), $0.value) },
            uniquingKeysWith: { _, last in last }
        )
        self.body = body
        self.retryAfter = retryAfter
        self.delay = delay
        self.after = after
        self.count = count
    }

    /// Headers that frame the answer on the wire; the server sets them, a rule may not.
    static let framingHeaders: Set<String> = ["content-length", "transfer-encoding", "connection", "upgrade"]

    private static func checkHeader(name: String, value: String) throws(EmulatorError) {
        let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        guard !name.isEmpty, name.allSatisfy({ tokenCharacters.contains($0) }) else {
            throw .invalidFault(
                field: "headers",
                message: "holds `\(name)`, which is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)"
            )
        }
        guard !framingHeaders.contains(name.lowercased()) else {
            throw .invalidFault(
                field: "headers.\(name)",
                message:
                    "frames the answer and is set by the server (not allowed: \(framingHeaders.sorted().joined(separator: ", ")))"
            )
        }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) else {
            throw .invalidFault(
                field: "headers.\(name)",
                message: "must not hold control characters (CR, LF, NUL, ...)"
            )
        }
    }

    /// Whether the rule matches a method and decoded path segments (ignoring `after` and `count`).
    public func matches(method: String, segments: [String]) -> Bool {
        (self.method == nil || self.method == method) && path.match(segments: segments) != nil
    }

    /// Reads a rule from its JSON form: `method`, `path`, `status`, `headers`, `body`, `retry_after`, `delay_ms`,
    /// `after`, `count`, `id`.
    /// - Throws: `EmulatorError.invalidFault` naming the field and what is valid.
    public init(json: JSONValue) throws(EmulatorError) {
        guard let object = json.objectValue else {
            throw .invalidFault(field: "(rule)", message: "must be a JSON object (got \(json.typeName))")
        }
        let known: Set<String> = [
            "id", "method", "path", "status", "headers", "body", "retry_after", "delay_ms", "after", "count",
        ]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalidFault(
                field: unknown,
                message: "is not a known field (known: \(known.sorted().joined(separator: ", ")))"
            )
        }
        func string(_ key: String) throws(EmulatorError) -> String? {
            guard let value = object[key], !value.isNull else { return nil }
            guard let text = value.stringValue else {
                throw .invalidFault(field: key, message: "must be a string (got \(value.typeName))")
            }
            return text
        }
        func integer(_ key: String) throws(EmulatorError) -> Int? {
            guard let value = object[key], !value.isNull else { return nil }
            guard case .integer(let number) = value else {
                throw .invalidFault(field: key, message: "must be an integer (got \(value.typeName))")
            }
            return number
        }
        var headers: [String: String] = [:]
        if let value = object["headers"], !value.isNull {
            guard let fields = value.objectValue else {
                throw .invalidFault(field: "headers", message: "must be an object of strings (got \(value.typeName))")
            }
            for (name, field) in fields {
                guard let text = field.stringValue else {
                    throw .invalidFault(field: "headers.\(name)", message: "must be a string (got \(field.typeName))")
                }
                headers[name] = text
            }
        }
        try self.init(
            id: try string("id") ?? "",
            method: try string("method"),
            path: try string("path") ?? "/**",
            status: try integer("status"),
            headers: headers,
            body: object["body"].flatMap { $0.isNull ? nil : $0 },
            retryAfter: try integer("retry_after"),
            delay: .milliseconds(try integer("delay_ms") ?? 0),
            after: try integer("after") ?? 0,
            count: try integer("count")
        )
    }

    /// The rule as JSON (the same fields ``init(json:)`` reads).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id),
            "method": method.map { .string($0) } ?? .null,
            "path": .string(path.description),
            "status": status.map { .integer($0) } ?? .null,
            "headers": .object(headers.mapValues { .string($0) }),
            "after": .integer(after),
            "count": count.map { .integer($0) } ?? .null,
            "delay_ms": .integer(
                Int(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)
            ),
        ]
        if let body { object["body"] = body }
        if let retryAfter { object["retry_after"] = .integer(retryAfter) }
        return .object(object)
    }
}
