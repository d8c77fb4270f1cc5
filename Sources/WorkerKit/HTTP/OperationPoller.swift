import Foundation
import NIOHTTP1
import StructuredData

/// Waits for a long-running operation: from the answer that started it, polls its status until it succeeds or
/// fails, waiting between polls as the vendor asks (`Retry-After`, else a doubling interval), bounded by
/// ``OperationLimits``. Status URLs must stay on the origin (scheme, host, port) of the starting request, so its
/// credentials never leave; waits use the ``RetryClock`` (tests do not sleep) and end at cancellation.
///
/// ```swift
/// let started = try await client.send(.json(.PUT, url: vmURL, body: spec, headers: auth), logger: logger)
/// let done = try await client.awaitOperation(.azure, started: started, request: request, logger: logger)
/// ```
public struct OperationPoller: Sendable {
    /// Sends one status request (credentials added by the caller) and returns an answer below 400.
    public typealias Fetch = @Sendable (_ request: VendorRequest) async throws(WorkerError) -> VendorResponse

    /// How the vendor reports the operation.
    public var polling: OperationPolling
    /// The bounds.
    public var limits: OperationLimits
    /// Waits and the monotonic time.
    public var clock: RetryClock
    /// Scrubbed from messages.
    public var secrets: SecretRegistry

    /// A poller.
    /// - Parameters:
    ///   - polling: The vendor's form.
    ///   - limits: Default ``OperationLimits/init(maxDuration:maxPolls:interval:maxInterval:)``.
    ///   - clock: The client's clock.
    ///   - secrets: The worker's secrets.
    public init(
        _ polling: OperationPolling,
        limits: OperationLimits = OperationLimits(),
        clock: RetryClock,
        secrets: SecretRegistry
    ) {
        self.polling = polling
        self.limits = limits
        self.clock = clock
        self.secrets = secrets
    }

    /// What an answer says about the operation.
    enum State {
        case running(status: String?)
        case succeeded(status: String?, result: JSONValue)
        case failed(status: String?, code: WorkerError.Code, detail: String)
    }

    /// Polls until the operation that `started` began is done.
    /// - Parameters:
    ///   - started: The answer to the request that started the operation.
    ///   - request: That request (its URL is the origin polls must keep; its headers are sent with each poll, less
    ///     the body's).
    ///   - fetch: Sends a status request.
    /// - Returns: The outcome.
    /// - Throws: `timeout` naming the operation when a limit is reached, the operation's failure (`vendor_error`, or
    ///   the code its error maps to), `vendor_error` when a status URL leaves the origin or an answer is not the
    ///   expected JSON, a status request's error, or `cancelled`.
    public func wait(
        started: VendorResponse,
        request: VendorRequest,
        fetch: Fetch
    ) async throws(WorkerError) -> OperationOutcome {
        let start = clock.now()
        guard let tracked = try track(started, request: request) else {
            return OperationOutcome(
                name: HeaderRedaction.redacted(url: request.url, secrets: secrets),
                status: nil,
                result: try started.value(),
                polls: 0,
                last: started
            )
        }
        let name = tracked.name
        var polls = 0
        var last = started
        var lastStatus: String? = nil
        var backoff = limits.interval
        var wait = retryAfter(started) ?? backoff
        while true {
            guard polls < limits.maxPolls, clock.now() - start + wait <= limits.maxDuration else {
                throw timedOut(name, polls: polls, status: lastStatus)
            }
            do {
                try await clock.sleep(wait)
            } catch {
                throw WorkerError(
                    code: .cancelled,
                    message: "The job was cancelled while waiting for \(describe(name))."
                )
            }
            if Task.isCancelled {
                throw WorkerError(
                    code: .cancelled,
                    message: "The job was cancelled while waiting for \(describe(name))."
                )
            }
            polls += 1
            last = try await fetch(pollRequest(tracked.url, from: request))
            switch try state(of: last, mode: tracked.mode, name: name) {
            case .running(let status):
                lastStatus = status ?? lastStatus
                if let asked = retryAfter(last) {
                    wait = asked
                } else {
                    wait = backoff
                    backoff = min(backoff * 2, limits.maxInterval)
                }
            case .failed(let status, let code, let detail):
                let said = status.map { " with status \"\($0)\"" } ?? ""
                throw WorkerError(
                    code: code,
                    message: secrets.scrub("\(describe(name)) failed\(said) after \(polls) polls: \(detail).")
                )
            case .succeeded(let status, var result):
                if let finalURL = tracked.finalURL {
                    last = try await fetch(pollRequest(finalURL, from: request))
                    result = try last.value()
                }
                return OperationOutcome(name: name, status: status, result: result, polls: polls, last: last)
            }
        }
    }

    /// `The Azure operation "…"`.
    func describe(_ name: String) -> String { "The \(polling.label) operation \"\(name)\"" }

    private func timedOut(_ name: String, polls: Int, status: String?) -> WorkerError {
        let seconds = Double(limits.maxDuration.components.seconds)
        let said = status.map { "; its last status was \"\($0)\"" } ?? ""
        return WorkerError(
            code: .timeout,
            message: secrets.scrub(
                "\(describe(name)) did not finish within \(Int(seconds)) s and \(limits.maxPolls) polls (\(polls) made)\(said); it may still be running at the vendor."
            )
        )
    }

    /// The vendor's `Retry-After`, at most ``OperationLimits/maxInterval``.
    private func retryAfter(_ answer: VendorResponse) -> Duration? {
        answer.headers.first(name: "retry-after").flatMap { RetryAfter.parse($0, now: clock.date()) }
            .map { min($0, limits.maxInterval) }
    }

    /// A GET of `url` with `request`'s headers, less those of its body.
    private func pollRequest(_ url: String, from request: VendorRequest) -> VendorRequest {
        var headers = request.headers
        for name in ["Content-Type", "Content-Length", "Idempotency-Key", "Transfer-Encoding"] {
            headers.remove(name: name)
        }
        return VendorRequest(method: .GET, url: url, headers: headers)
    }
}
