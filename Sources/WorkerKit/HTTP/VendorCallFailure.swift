/// How a ``VendorHTTPClient/call(_:logger:)`` failed: the error ``VendorHTTPClient/send(_:logger:)`` would throw,
/// and the vendor's last answer when it answered (status 400 or more), for packs that map statuses, error details
/// or rate-limit headers themselves.
public struct VendorCallFailure: Error, Sendable {
    /// The shared-code or `cancelled` error; registered secrets are already scrubbed from its message.
    public var error: WorkerError
    /// The vendor's answer, when the failure is a status of 400 or more.
    public var response: VendorResponse?
    /// The wait the vendor asked for before another try: its `Retry-After` header, or what an ``AnswerClassifier``
    /// read from the body.
    public var retryAfter: Duration?

    /// A failure.
    /// - Parameters:
    ///   - error: The error.
    ///   - response: The vendor's answer, if any.
    ///   - retryAfter: The wait the vendor asked for, if any.
    public init(error: WorkerError, response: VendorResponse? = nil, retryAfter: Duration? = nil) {
        self.error = error
        self.response = response
        self.retryAfter = retryAfter
    }

    init(_ error: WorkerError) {
        self.init(error: error)
    }
}

extension WorkerError {
    static func cancelled(_ message: String) -> WorkerError {
        WorkerError(code: .cancelled, message: message)
    }
}
