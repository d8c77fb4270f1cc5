public import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
import Telemetry
import Tracing

/// Sends vendor API requests the way every pack worker should: retries with full-jitter backoff honouring
/// `Retry-After`, a per-request timeout, a request id in every log line, credentials masked in logs and
/// scrubbed from errors, and failures mapped to the shared ``WorkerError`` codes (`unauthorized`, `not_found`, `rate_limited`, …).
///
/// ```swift
/// let client = VendorHTTPClient(vendor: "tracker", secrets: context.secrets, userAgent: "cordum-tracker")
/// var request = VendorRequest(url: "\(base)/repos/\(repo)/issues")
/// request.headers.add(name: "Authorization", value: "Bearer \(token)")
/// let issues = try await client.send(request, logger: context.logger).json()
/// ```
public struct VendorHTTPClient: Sendable {
    /// The vendor's name, used in messages and logs (`tracker`).
    public var vendor: String
    /// The AsyncHTTPClient to send with.
    public var httpClient: HTTPClient
    /// Retry rules.
    public var retry: RetryPolicy
    /// The timeout of each try.
    public var timeout: Duration
    /// Sent as `User-Agent` unless the request sets one.
    public var userAgent: String?
    /// Registered secrets are scrubbed from errors and logs; credential headers are registered when sent.
    public var secrets: SecretRegistry
    /// Time source for backoff and the retry budget.
    public var clock: RetryClock
    /// Answers larger than this fail with `vendor_error`.
    public var maxResponseBytes: Int
    /// Response headers holding the vendor's request id, checked in order; then any header named `*-request-id`,
    /// `*-requestid` or `*-req-id` (the vendors' own spellings, e.g. `x-amzn-requestid`). A pack whose vendor
    /// spells it otherwise adds its name here.
    public var requestIDHeaders: [String]
    /// The pack's rule for answers whose body says the call failed (Slack's `ok: false`, a rate limit in the
    /// body); default none.
    public var answerClassifier: AnswerClassifier = .none
    /// How the vendor writes `x-ratelimit-reset` when `x-ratelimit-remaining` is 0 and no `Retry-After` came:
    /// epoch seconds (GitHub's, the default) or seconds left (Datadog's).
    public var rateLimitReset: RateLimitResetStyle = .epochSeconds
    /// Where tries and retries are counted (`cordum_vendor_requests_total`, `cordum_vendor_retries_total`).
    public var metrics: WorkerMetrics

    /// A client.
    /// - Parameters:
    ///   - vendor: The vendor's name.
    ///   - httpClient: Default ``sharedHTTPClient`` (no redirects).
    ///   - secrets: The worker's secret registry.
    ///   - retry: Default ``RetryPolicy/init(maxAttempts:baseDelay:maxDelay:maxTotalTime:maxRetryAfter:retryNonIdempotent:jitter:)``.
    ///   - timeout: Per try; default 30 s.
    ///   - userAgent: The default user agent.
    ///   - clock: Default the continuous clock.
    public init(
        vendor: String,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient,
        secrets: SecretRegistry,
        retry: RetryPolicy = RetryPolicy(),
        timeout: Duration = .seconds(30),
        userAgent: String? = nil,
        clock: RetryClock = .continuous
    ) {
        self.vendor = vendor
        self.httpClient = httpClient
        self.secrets = secrets
        self.retry = retry
        self.timeout = timeout
        self.userAgent = userAgent
        self.clock = clock
        self.maxResponseBytes = 16 << 20
        self.metrics = WorkerMetrics()
        self.requestIDHeaders = ["x-request-id", "request-id", "x-correlation-id"]
    }

    /// Sends `request`, retrying as the policy allows.
    /// - Parameters:
    ///   - request: The request.
    ///   - logger: The job's logger; lines get `request_id`, `vendor`, `http_method`, `http_url` (no query),
    ///     `http_status`, `attempt`, and `vendor_request_id` when the vendor sent one.
    /// - Returns: The first answer with a status below 400.
    /// - Throws: ``WorkerError`` with a shared code (``WorkerError/code(forStatus:)``), or `cancelled`.
    public func send(_ request: VendorRequest, logger: Logger) async throws(WorkerError) -> VendorResponse {
        do {
            return try await call(request, logger: logger)
        } catch {
            throw error.error
        }
    }

    /// Sends `request` like ``send(_:logger:)``, but a failure also carries the vendor's last answer, so a pack can
    /// map statuses to its own codes, read the vendor's error details, or its rate-limit headers.
    /// - Parameters:
    ///   - request: The request.
    ///   - logger: The job's logger.
    /// - Returns: The first answer with a status below 400.
    /// - Throws: ``VendorCallFailure``: the shared-code (or `cancelled`) error, and the answer when there was one.
    public func call(_ request: VendorRequest, logger: Logger) async throws(VendorCallFailure) -> VendorResponse {
        HeaderRedaction.registerCredentials(of: request.headers, in: secrets)
        guard let scope = TraceScope.current else { return try await attempts(request, logger: logger) }
        let span = startSpan(for: request, in: scope)
        do {
            let response = try await attempts(request, logger: logger)
            span.attributes["http.response.status_code"] = response.status
            span.attributes["cordum.http.attempts"] = response.attempts
            span.end()
            return response
        } catch {
            if let status = error.response?.status { span.attributes["http.response.status_code"] = status }
            span.attributes["error.type"] = error.error.code.rawValue
            span.setStatus(SpanStatus(code: .error, message: error.error.message))
            span.end()
            throw error
        }
    }

    /// Sends `request` with retries (``call(_:logger:)`` without its span).
    private func attempts(_ request: VendorRequest, logger: Logger) async throws(VendorCallFailure) -> VendorResponse {
        let requestID = request.requestID ?? Self.generateRequestID()
        var logger = logger
        logger[metadataKey: "request_id"] = "\(requestID)"
        logger[metadataKey: "vendor"] = "\(vendor)"
        logger[metadataKey: "http_method"] = "\(request.method.rawValue)"
        logger[metadataKey: "http_url"] = "\(HeaderRedaction.redacted(url: request.url, secrets: secrets))"
        let start = clock.now()
        var attempt = 0
        while true {
            attempt += 1
            if Task.isCancelled { throw VendorCallFailure(.cancelled("The job was cancelled.")) }
            logger.trace(
                "vendor request headers",
                metadata: ["http_headers": "\(HeaderRedaction.redacted(request.headers, secrets: secrets))"]
            )
            let attemptStart = clock.now()
            let failure: AttemptFailure
            switch await perform(request, requestID: requestID) {
            case .success(var response):
                metrics.vendorAttempt(vendor: vendor, outcome: String(response.status))
                response.attempts = attempt
                var done = logger
                done[metadataKey: "http_status"] = "\(response.status)"
                done[metadataKey: "attempt"] = "\(attempt)"
                done[metadataKey: "duration_ms"] = "\((clock.now() - attemptStart).milliseconds)"
                if response.requestID != requestID { done[metadataKey: "vendor_request_id"] = "\(response.requestID)" }
                done.debug("vendor request succeeded")
                return response
            case .failure(let problem): failure = problem
            }
            metrics.vendorAttempt(vendor: vendor, outcome: failure.metricOutcome)
            if Task.isCancelled { throw VendorCallFailure(.cancelled("The job was cancelled.")) }
            var failed = logger
            failed[metadataKey: "attempt"] = "\(attempt)"
            failed[metadataKey: "duration_ms"] = "\((clock.now() - attemptStart).milliseconds)"
            if let status = failure.status { failed[metadataKey: "http_status"] = "\(status)" }
            if let vendorID = failure.vendorRequestID { failed[metadataKey: "vendor_request_id"] = "\(vendorID)" }
            let error = failure.error(
                vendor: vendor,
                attempts: attempt,
                requestID: failure.vendorRequestID ?? requestID
            )
            guard let delay = retryDelay(for: failure, request: request, attempt: attempt, start: start) else {
                failed.warning("vendor request failed", metadata: ["error_code": "\(error.code)"])
                throw VendorCallFailure(
                    error: scrubbed(error),
                    response: failure.response,
                    retryAfter: failure.retryAfter
                )
            }
            metrics.vendorRetry(vendor: vendor)
            failed.notice(
                "vendor request will be retried",
                metadata: ["error_code": "\(error.code)", "retry_in_ms": "\(delay.milliseconds)"]
            )
            do {
                try await clock.sleep(delay)
            } catch {
                throw VendorCallFailure(.cancelled("The job was cancelled while waiting to retry \(vendor)."))
            }
        }
    }

    /// The wait before the next try, or `nil` to give up.
    private func retryDelay(
        for failure: AttemptFailure,
        request: VendorRequest,
        attempt: Int,
        start: Duration
    ) -> Duration? {
        guard failure.retryable, attempt < retry.maxAttempts else { return nil }
        guard failure.isRateLimit || request.mayRetryAfterSending || retry.retryNonIdempotent else { return nil }
        let delay: Duration
        if let retryAfter = failure.retryAfter {
            guard retryAfter <= retry.maxRetryAfter else { return nil }
            delay = retryAfter
        } else {
            delay = retry.backoff(afterAttempt: attempt)
        }
        guard clock.now() - start + delay <= retry.maxTotalTime else { return nil }
        return delay
    }

    private func scrubbed(_ error: WorkerError) -> WorkerError {
        var error = error
        error.message = secrets.scrub(error.message)
        return error
    }

    static func generateRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value: UInt64 = generator.next()
        let hex = String(value, radix: 16)
        return "wk-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
