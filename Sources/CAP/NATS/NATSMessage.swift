/// A message delivered to a subscription (`MSG` or `HMSG`).
public struct NATSMessage: Sendable, Hashable {
    /// The subject it was published to.
    public var subject: String
    /// The subscription id it was delivered for.
    public var subscriptionID: UInt64
    /// The subject to reply to, if the publisher set one.
    public var replyTo: String?
    /// Headers, if it came as `HMSG`.
    public var headers: NATSHeaders?
    /// The payload.
    public var payload: [UInt8]

    /// Creates a message.
    /// - Parameters:
    ///   - subject: The subject.
    ///   - subscriptionID: The subscription id.
    ///   - replyTo: The reply subject.
    ///   - headers: Headers.
    ///   - payload: The payload.
    public init(
        subject: String,
        subscriptionID: UInt64,
        replyTo: String? = nil,
        headers: NATSHeaders? = nil,
        payload: [UInt8]
    ) {
        self.subject = subject
        self.subscriptionID = subscriptionID
        self.replyTo = replyTo
        self.headers = headers
        self.payload = payload
    }
}
