/// An error from the Redis client, with a stable ``Code`` that tests and callers can match on.
///
/// Messages never contain the password: URLs are shown without their user information.
public struct RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, e.g. `redis.authentication_failed`.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The URL is not a valid `redis://` URL.
        public static let invalidURL = Code("redis.invalid_url")
        /// No TCP connection could be made to the server.
        public static let connectionFailed = Code("redis.connection_failed")
        /// The connection was lost while a command was in flight.
        public static let connectionLost = Code("redis.connection_lost")
        /// The client was closed.
        public static let clientClosed = Code("redis.client_closed")
        /// `AUTH` was rejected.
        public static let authenticationFailed = Code("redis.authentication_failed")
        /// `SELECT` was rejected (e.g. the database index is out of range).
        public static let selectFailed = Code("redis.select_failed")
        /// The server answered a command with an error reply.
        public static let serverError = Code("redis.server_error")
        /// The peer sent bytes that are not RESP.
        public static let protocolViolation = Code("redis.protocol_violation")
        /// The reply had a type the command does not produce.
        public static let unexpectedReply = Code("redis.unexpected_reply")
        /// TLS could not be set up: a CA, certificate or key file is unreadable, or the TLS handshake failed.
        public static let tlsFailed = Code("redis.tls_failed")
    }

    /// The stable code.
    public let code: Code
    /// One sentence saying what went wrong (never a secret).
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: One sentence, without secrets.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
