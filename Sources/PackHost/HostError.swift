/// A request the host refuses, or a failure inside it. Every error has a stable code (written in JSON
/// and logs), a message that names the object and what would be valid, and the HTTP status it maps to.
public struct HostError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable error codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code as written in JSON and logs.
        public let rawValue: String
        /// The HTTP status the API answers with.
        public let httpStatus: Int
        private init(_ rawValue: String, _ httpStatus: Int) {
            self.rawValue = rawValue
            self.httpStatus = httpStatus
        }
        public var description: String { rawValue }

        /// The request is malformed or names an invalid value.
        public static let invalidArgument = Code("invalid_argument", 400)
        /// No `X-API-Key`, or an unknown one.
        public static let unauthenticated = Code("unauthenticated", 401)
        /// The key may not act for this tenant, or the object belongs to another tenant.
        public static let forbidden = Code("forbidden", 403)
        /// Nothing has this id (in the caller's tenant).
        public static let notFound = Code("not_found", 404)
        /// The object is not in a state that allows the request (held lock, approval already used, ...).
        public static let conflict = Code("conflict", 409)
        /// An idempotency key already names another action (another topic or another input): refused, never
        /// answered with that action's result.
        public static let idempotencyKeyConflict = Code("idempotency_key_conflict", 409)
        /// The body is larger than allowed.
        public static let tooLarge = Code("too_large", 413)
        /// A limit of concurrent work is reached.
        public static let tooManyRequests = Code("too_many_requests", 429)
        /// The store failed.
        public static let storage = Code("storage_error", 500)
        /// Something the host depends on is not configured or not reachable.
        public static let unavailable = Code("unavailable", 503)
        /// A failure inside the host.
        public static let `internal` = Code("internal", 500)
    }

    /// What went wrong, as a code.
    public var code: Code
    /// One sentence saying what is wrong and, where it helps, what is valid.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
