import Foundation
import StructuredData

/// A pack's rule for answers whose body, not their status, says the call failed: Slack's `200 {"ok": false,
/// "error": "channel_not_found"}`, or a 200 or 400 whose body says "rate limited" with a retry-after in it. Set it
/// on ``VendorHTTPClient/answerClassifier``; it sees every answer (any status) before the status mapping, and the
/// client treats its verdict as the call's outcome: a retryable verdict (`rate_limited`, `unavailable`) is retried
/// like a 429 or a 503, waiting the verdict's ``Verdict/retryAfter`` (else the `Retry-After` header, else backoff),
/// and a failure carries the answer, so ``VendorErrorMapping`` and the pack's ``ResponseClassifier`` still see it.
///
/// ```swift
/// var http = settings.httpClient(vendor: "Slack")
/// http.answerClassifier = .successFlag(
///     "ok", errorField: "error",
///     codes: ["channel_not_found": .notFound, "ratelimited": .rateLimited, "invalid_auth": .unauthorized,
///             "not_authed": .unauthorized, "token_revoked": .unauthorized, "invalid_arguments": .validationFailed]
/// )
/// ```
public struct AnswerClassifier: Sendable {
    /// What a rule decided about an answer.
    public struct Verdict: Sendable, Hashable {
        /// The shared code (`not_found`, `rate_limited`, …) or a pack code.
        public var code: WorkerError.Code
        /// The vendor's own words for the message (`channel_not_found`); secrets are scrubbed.
        public var detail: String?
        /// Whether running the call again may succeed; retryable verdicts are retried by the client.
        public var retryable: Bool
        /// How long the vendor asks to wait, read from the body; the `Retry-After` header is used when `nil`.
        public var retryAfter: Duration?

        /// A verdict.
        /// - Parameters:
        ///   - code: The code.
        ///   - detail: The vendor's words.
        ///   - retryable: Default: whether the code is `rate_limited`, `unavailable` or `timeout`.
        ///   - retryAfter: The wait the body asks for.
        public init(code: WorkerError.Code, detail: String? = nil, retryable: Bool? = nil, retryAfter: Duration? = nil)
        {
            self.code = code
            self.detail = detail
            self.retryable = retryable ?? [.rateLimited, .unavailable, .timeout].contains(code)
            self.retryAfter = retryAfter
        }
    }

    /// The rule: a verdict for an answer that failed, `nil` for the status to decide.
    public typealias Rule = @Sendable (_ response: VendorResponse) -> Verdict?

    private let rule: Rule

    /// A classifier applying `rule`.
    public init(_ rule: @escaping Rule) {
        self.rule = rule
    }

    /// No rules: the status decides.
    public static let none = AnswerClassifier { _ in nil }

    /// The verdict for `response`, if any.
    public func classify(_ response: VendorResponse) -> Verdict? {
        rule(response)
    }

    /// This classifier's verdict, else `other`'s.
    /// - Parameter other: The classifier asked next.
    public func then(_ other: AnswerClassifier) -> AnswerClassifier {
        AnswerClassifier { response in self.classify(response) ?? other.classify(response) }
    }

    /// Answers of status below 400 whose JSON body has `flag` false: the code `codes` maps the `errorField` value
    /// to, else `otherwise`; the detail is that value. The body's `retryAfterField` (seconds, e.g.
    /// `retry_after`), if given and present, is the wait.
    /// - Parameters:
    ///   - flag: The success field's dot path (`ok`).
    ///   - errorField: The error code's dot path (`error`).
    ///   - codes: Vendor error codes to shared codes.
    ///   - otherwise: The code of an error not in `codes`; default `vendor_error`.
    ///   - retryAfterField: The dot path of a wait in seconds, if the vendor sends one in the body.
    public static func successFlag(
        _ flag: String = "ok",
        errorField: String = "error",
        codes: [String: WorkerError.Code],
        otherwise: WorkerError.Code = .vendorError,
        retryAfterField: String? = nil
    ) -> AnswerClassifier {
        AnswerClassifier { response in
            guard response.status < 400, let body = try? response.json(),
                AnswerField.value(body, flag)?.boolValue == false
            else { return nil }
            let error =
                AnswerField.value(body, errorField)?.stringValue
                ?? AnswerField.value(body, errorField).map(JSONEncoding.compact)
            let code = error.flatMap { codes[$0] } ?? otherwise
            return Verdict(
                code: code,
                detail: error.map { String($0.prefix(200)) },
                retryAfter: retryAfterField.flatMap { AnswerField.seconds(AnswerField.value(body, $0)) }
            )
        }
    }

    /// Answers of one of `statuses` whose JSON body has `field` equal to one of `values` (`"rate_limited"`):
    /// `rate_limited`, retried after the body's `retryAfterField` (seconds) when it has one.
    /// - Parameters:
    ///   - statuses: The statuses the vendor uses for it (`200`, `400`).
    ///   - field: The dot path of the value saying "rate limited" (`error.code`).
    ///   - values: The values that say it.
    ///   - retryAfterField: The dot path of the wait in seconds (`error.retry_after`).
    public static func rateLimitInBody(
        statuses: Set<Int>,
        field: String,
        values: Set<String>,
        retryAfterField: String? = nil
    ) -> AnswerClassifier {
        AnswerClassifier { response in
            guard statuses.contains(response.status), let body = try? response.json(),
                let value = AnswerField.value(body, field)?.stringValue, values.contains(value)
            else { return nil }
            return Verdict(
                code: .rateLimited,
                detail: value,
                retryAfter: retryAfterField.flatMap { AnswerField.seconds(AnswerField.value(body, $0)) }
            )
        }
    }
}

/// Reading fields of an answer's JSON body by dot path (`error.retry_after`).
enum AnswerField {
    /// The value at a dot path of nested objects.
    static func value(_ json: JSONValue, _ path: String) -> JSONValue? {
        var value: JSONValue? = json
        for key in path.split(separator: ".") { value = value?[String(key)] }
        return value
    }

    /// A number of seconds (a number, or a string holding one) as a duration; `nil` when negative or not one.
    static func seconds(_ value: JSONValue?) -> Duration? {
        guard let value else { return nil }
        let number = value.doubleValue ?? value.stringValue.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard let number, number.isFinite, number >= 0, number < 1e9 else { return nil }
        return .milliseconds(Int64((number * 1000).rounded(.up)))
    }
}
