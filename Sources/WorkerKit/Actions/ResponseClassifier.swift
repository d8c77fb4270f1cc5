public import Foundation
public import StructuredData

/// A pack's vendor rules for failed answers, consulted before the vendor-neutral status mapping: a 403 that means
/// "rate limited", a 409 that means "the head moved" for one action, a reset time in the message. Returning `nil`
/// leaves the answer to the shared mapping (``WorkerError/code(forStatus:)``). It sees answers the client already
/// failed (400 or more); an answer whose body says failure with any status (Slack's `200 {"ok": false}`, a rate
/// limit in the body) is an ``AnswerClassifier`` on the client, whose failures then reach this classifier too.
///
/// ```swift
/// let classifier = ResponseClassifier { response, failure in
///     guard response.status == 403, response.headers.first(name: "x-ratelimit-remaining") == "0" else { return nil }
///     return WorkerError(code: .rateLimited, message: "Rate limit exhausted\(failure.where).", retryable: true)
/// }
/// ```
public struct ResponseClassifier: Sendable {
    /// The rule: the error for this answer, or `nil` for the shared mapping.
    public typealias Rule = @Sendable (_ response: VendorResponse, _ failure: FailedCall) -> WorkerError?

    private let rule: Rule

    /// A classifier applying `rule`.
    public init(_ rule: @escaping Rule) {
        self.rule = rule
    }

    /// No vendor rules.
    public static let none = ResponseClassifier { _, _ in nil }

    /// The error `rule` gives, if any.
    public func classify(_ response: VendorResponse, _ failure: FailedCall) -> WorkerError? {
        rule(response, failure)
    }

    /// What a classifier knows about the failed call besides the answer.
    public struct FailedCall: Sendable {
        /// The vendor's name (`Tracker`).
        public var vendor: String
        /// The action that made the call.
        public var action: String
        /// What was asked for, without query or credentials (`GET https://api.example.com/items`).
        public var what: String
        /// The vendor's request id, else the worker's.
        public var requestID: String
        /// The vendor's own error text from the body (`message`, `error`, …), secrets scrubbed; `nil` if none.
        public var vendorMessage: String?
        /// The body as JSON, if it is JSON.
        public var body: JSONValue?
        /// The wall-clock time of the mapping, for reset times in messages.
        public var now: Date

        /// ` (what, request id X)`, for messages.
        public var `where`: String { " (\(what), request id \(requestID))" }
        /// `: <vendor message>` or nothing, for messages.
        public var detail: String { vendorMessage.map { ": \($0)" } ?? "" }
    }
}
