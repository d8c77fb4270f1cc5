public import Foundation
public import Logging
import NIOHTTP1
import StructuredData

/// Turns a failed vendor call into the shared error vocabulary: the pack's ``ResponseClassifier`` first, then the
/// vendor-neutral status mapping (``WorkerError/code(forStatus:)``), with the vendor's message, its request id
/// and (for 400/422) its `errors` list; never a credential.
public struct VendorErrorMapping: Sendable {
    /// The vendor's name (`Tracker`).
    public var vendor: String
    /// The pack's vendor rules.
    public var classifier: ResponseClassifier
    /// Scrubbed from the vendor's texts.
    public var secrets: SecretRegistry

    /// A mapping.
    /// - Parameters:
    ///   - vendor: The vendor's name.
    ///   - classifier: Default ``ResponseClassifier/none``.
    ///   - secrets: The worker's secrets.
    public init(vendor: String, classifier: ResponseClassifier = .none, secrets: SecretRegistry) {
        self.vendor = vendor
        self.classifier = classifier
        self.secrets = secrets
    }

    /// The error for `failure`.
    /// - Parameters:
    ///   - failure: What ``VendorHTTPClient/call(_:logger:)`` threw.
    ///   - action: The action name.
    ///   - what: What was asked for (`GET https://…/items`, no query), for messages.
    ///   - now: The current time.
    public func error(
        _ failure: VendorCallFailure,
        action: String,
        what: String,
        now: Date = Date()
    ) -> WorkerError {
        guard let response = failure.response else { return failure.error }
        let body = try? response.json()
        let call = ResponseClassifier.FailedCall(
            vendor: vendor,
            action: action,
            what: what,
            requestID: response.requestID,
            vendorMessage: body?["message"]?.stringValue.map { secrets.scrub(String($0.prefix(300))) }
                ?? VendorHTTPClient.vendorMessage(response.body).map(secrets.scrub),
            body: body,
            now: now
        )
        if var error = classifier.classify(response, call) {
            error.message = secrets.scrub(error.message)
            return error
        }
        return shared(response, call, decided: failure.error, retryAfter: failure.retryAfter)
    }

    /// Sends `request` (credentials already on it) through `http`, and maps a failure with ``error(_:action:what:now:)``,
    /// naming the method and the URL without secrets: the send of every transport whose credential is a header.
    /// - Parameters:
    ///   - request: The request, with its credentials.
    ///   - http: The client.
    ///   - action: The action name.
    ///   - logger: The job's logger.
    ///   - now: The current time, for rate-limit messages.
    public func send(
        _ request: VendorRequest,
        through http: VendorHTTPClient,
        action: String,
        logger: Logger,
        now: Date = Date()
    ) async throws(WorkerError) -> ActionAnswer {
        do {
            return ActionAnswer(try await http.call(request, logger: logger))
        } catch {
            throw self.error(
                error,
                action: action,
                what: "\(request.method.rawValue) \(HeaderRedaction.redacted(url: request.url, secrets: http.secrets))",
                now: now
            )
        }
    }

    /// The vendor-neutral error for an answer of status 400 or more: the code ``VendorHTTPClient`` decided
    /// (``WorkerError/code(forStatus:)``, or `rate_limited` for a 403 whose rate-limit headers say so), with the
    /// vendor's details in the message.
    func shared(
        _ response: VendorResponse,
        _ call: ResponseClassifier.FailedCall,
        decided: WorkerError,
        retryAfter: Duration? = nil
    ) -> WorkerError {
        let status = response.status
        let (code, retryable) = (decided.code, decided.retryable)
        let answered = "\(vendor) answered \(status) \(HTTPResponseStatus(statusCode: status).reasonPhrase)"
        let head = answered + call.where + call.detail
        let message: String
        switch code {
        case .unauthorized:
            message = "\(head); the profile's credentials are missing, wrong, expired or revoked."
        case .forbidden:
            message = "\(head); the credentials lack a permission for \(call.action)."
        case .notFound:
            message = "\(head); the object does not exist, or the credentials cannot see it."
        case .validationFailed:
            var errors = ""
            if let list = call.body?["errors"], list != .null {
                let text = secrets.scrub(JSONEncoding.compact(list))
                errors = "; errors: " + (text.count > 1000 ? String(text.prefix(1000)) + "…" : text)
            }
            message = "\(head)\(errors)."
        case .rateLimited:
            message = "\(head); " + Self.retryHint(response, now: call.now, asked: retryAfter)
        case .unavailable:
            let tries = response.attempts > 1 ? " after \(response.attempts) tries" : ""
            message = "\(head)\(tries); try again later."
        default:
            message = "\(head)."
        }
        return WorkerError(code: code, message: secrets.scrub(message), retryable: retryable)
    }

    /// `retry after N s (at …)` from the wait the vendor asked for (`asked`: what the client read from the
    /// `Retry-After` header or the body), else from `Retry-After`, else a generic wait.
    public static func retryHint(_ response: VendorResponse, now: Date, asked: Duration? = nil) -> String {
        if let wait = asked ?? response.headers.first(name: "retry-after").flatMap({ RetryAfter.parse($0, now: now) }) {
            let seconds = Int(wait.components.seconds)
            return "retry after \(seconds) s (at \(iso(now.addingTimeInterval(TimeInterval(seconds)))))."
        }
        return "wait at least a minute before retrying."
    }

    /// An ISO 8601 time without fractions, for messages.
    public static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
