/// An error from the NATS client, with a stable ``Code`` that tests and callers can match on.
///
/// Messages never contain credentials: URLs are shown without their user information, and the
/// server's own error text is passed on only after it has been checked for the configured secrets.
public struct NATSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, e.g. `nats.authorization_failed`.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The URL is not a valid `nats://` URL.
        public static let invalidURL = Code("nats.invalid_url")
        /// No TCP connection could be made to the server.
        public static let connectionFailed = Code("nats.connection_failed")
        /// The connection was lost while an operation was in flight.
        public static let connectionLost = Code("nats.connection_lost")
        /// The client was closed.
        public static let clientClosed = Code("nats.client_closed")
        /// The server rejected the credentials.
        public static let authorizationFailed = Code("nats.authorization_failed")
        /// The peer sent bytes that are not NATS protocol.
        public static let protocolViolation = Code("nats.protocol_violation")
        /// The server answered `-ERR`.
        public static let serverError = Code("nats.server_error")
        /// A subscription's buffer overflowed under the `.fail` policy.
        public static let slowConsumer = Code("nats.slow_consumer")
        /// The server refused a subscription: the user's permissions do not allow the subject.
        public static let permissionDenied = Code("nats.permission_denied")
        /// An operation did not finish in time.
        public static let timeout = Code("nats.timeout")
        /// A request found no subscriber on its subject.
        public static let noResponders = Code("nats.no_responders")
        /// The message exceeds the server's `max_payload`.
        public static let payloadTooLarge = Code("nats.payload_too_large")
        /// The subject or queue group is empty or contains whitespace.
        public static let invalidSubject = Code("nats.invalid_subject")
        /// Too much was published while disconnected.
        public static let reconnectBufferFull = Code("nats.reconnect_buffer_full")
        /// Reconnecting gave up after the configured number of attempts.
        public static let reconnectFailed = Code("nats.reconnect_failed")
        /// TLS could not be set up: a CA, certificate or key file is unreadable, the server offers no TLS, or the
        /// TLS handshake failed (an untrusted or misnamed server certificate, a client certificate refused).
        public static let tlsFailed = Code("nats.tls_failed")
        /// The credentials are malformed (an NKey seed, a `.creds` file), before any server saw them.
        public static let invalidCredentials = Code("nats.invalid_credentials")
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
