import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import StructuredData

/// A try ran past the request timeout.
struct AttemptTimeout: Error {}

/// Why one try failed, with what the retry decision and the error need.
struct AttemptFailure: Error {
    enum Kind {
        case status(Int, vendorMessage: String?)
        case timeout
        case connection(String)
        case tooLarge
        /// The pack's ``AnswerClassifier`` decided from the body.
        case classified(Int, AnswerClassifier.Verdict)
    }

    var kind: Kind
    var retryAfter: Duration?
    var vendorRequestID: String?
    var rateLimitedForbidden = false
    /// The answer, when the vendor sent one (status failures).
    var response: VendorResponse?

    var status: Int? {
        switch kind {
        case .status(let status, _), .classified(let status, _): return status
        default: return nil
        }
    }

    /// The `outcome` dimension of `cordum_vendor_requests_total`.
    var metricOutcome: String {
        switch kind {
        case .status(let status, _), .classified(let status, _): String(status)
        case .timeout: "timeout"
        case .connection: "connection"
        case .tooLarge: "too_large"
        }
    }

    var isRateLimit: Bool {
        if case .classified(_, let verdict) = kind { return verdict.code == .rateLimited }
        return status == 429 || rateLimitedForbidden
    }

    var retryable: Bool {
        switch kind {
        case .status(let status, _): return rateLimitedForbidden || WorkerError.code(forStatus: status).retryable
        case .timeout, .connection: return true
        case .tooLarge: return false
        case .classified(_, let verdict): return verdict.retryable
        }
    }

    func error(vendor: String, attempts: Int, requestID: String) -> WorkerError {
        let tries = attempts == 1 ? "" : " after \(attempts) tries"
        switch kind {
        case .status(let status, let vendorMessage):
            var (code, retryable) = WorkerError.code(forStatus: status)
            if rateLimitedForbidden { (code, retryable) = (.rateLimited, true) }
            let detail = vendorMessage.map { ": \($0)" } ?? ""
            return WorkerError(
                code: code,
                message: "\(vendor) answered \(status)\(tries) (request id \(requestID))\(detail).",
                retryable: retryable
            )
        case .classified(let status, let verdict):
            let detail = verdict.detail.map { ": \($0)" } ?? ""
            return WorkerError(
                code: verdict.code,
                message: "\(vendor) answered \(status)\(tries) (request id \(requestID))\(detail).",
                retryable: verdict.retryable
            )
        case .timeout:
            return WorkerError(
                code: .timeout,
                message: "\(vendor) did not answer in time\(tries) (request id \(requestID)).",
                retryable: true
            )
        case .connection(let reason):
            return WorkerError(
                code: .unavailable,
                message: "\(vendor) could not be reached\(tries) (request id \(requestID)): \(reason).",
                retryable: true
            )
        case .tooLarge:
            return WorkerError(
                code: .vendorError,
                message: "\(vendor)'s answer (request id \(requestID)) is larger than the limit.",
                retryable: false
            )
        }
    }
}

extension VendorHTTPClient {
    /// One try: send, read the whole answer, classify it.
    func perform(_ request: VendorRequest, requestID: String) async -> Result<VendorResponse, AttemptFailure> {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        if let userAgent, !outgoing.headers.contains(name: "User-Agent") {
            outgoing.headers.add(name: "User-Agent", value: userAgent)
        }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            (response, body) = try await Self.within(timeout + .seconds(1)) {
                [httpClient, timeout, maxResponseBytes, outgoing] in
                let response = try await httpClient.execute(outgoing, timeout: .nanoseconds(timeout.totalNanoseconds))
                return (response, try await response.body.collect(upTo: maxResponseBytes))
            }
        } catch is AttemptTimeout {
            return .failure(AttemptFailure(kind: .timeout))
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return .failure(AttemptFailure(kind: .timeout))
            default:
                return .failure(AttemptFailure(kind: .connection(secrets.scrub("\(error)"))))
            }
        } catch is NIOTooManyBytesError {
            return .failure(AttemptFailure(kind: .tooLarge))
        } catch {
            return .failure(AttemptFailure(kind: .connection(secrets.scrub("\(error)"))))
        }
        let vendorRequestID =
            requestIDHeaders.lazy.compactMap { response.headers.first(name: $0) }.first
            ?? response.headers.first { Self.namesARequestID($0.name) }?.value
        let status = Int(response.status.code)
        if let failure = classified(status: status, headers: response.headers, body: body, vendorRequestID, requestID) {
            return .failure(failure)
        }
        guard status >= 400 else {
            return .success(
                VendorResponse(
                    status: status,
                    headers: response.headers,
                    body: Array(buffer: body),
                    requestID: vendorRequestID ?? requestID,
                    attempts: 1,
                    vendorRequestID: vendorRequestID
                )
            )
        }
        let now = clock.date()
        let rateLimitReset = RetryAfter.rateLimitReset(
            remaining: response.headers.first(name: "x-ratelimit-remaining"),
            reset: response.headers.first(name: "x-ratelimit-reset"),
            style: rateLimitReset,
            now: now
        )
        let bytes = Array(buffer: body)
        var failure = AttemptFailure(
            kind: .status(status, vendorMessage: Self.vendorMessage(bytes).map { secrets.scrub($0) }),
            vendorRequestID: vendorRequestID
        )
        failure.response = VendorResponse(
            status: status,
            headers: response.headers,
            body: bytes,
            requestID: vendorRequestID ?? requestID,
            attempts: 1,
            vendorRequestID: vendorRequestID
        )
        failure.retryAfter =
            response.headers.first(name: "retry-after").flatMap { RetryAfter.parse($0, now: now) } ?? rateLimitReset
        failure.rateLimitedForbidden = status == 403 && (rateLimitReset != nil || failure.retryAfter != nil)
        return .failure(failure)
    }

    /// The failure ``answerClassifier`` decides for an answer, if it decides one.
    private func classified(
        status: Int,
        headers: HTTPHeaders,
        body: ByteBuffer,
        _ vendorRequestID: String?,
        _ requestID: String
    ) -> AttemptFailure? {
        let answer = VendorResponse(
            status: status,
            headers: headers,
            body: Array(buffer: body),
            requestID: vendorRequestID ?? requestID,
            attempts: 1,
            vendorRequestID: vendorRequestID
        )
        guard var verdict = answerClassifier.classify(answer) else { return nil }
        verdict.detail = verdict.detail.map { secrets.scrub($0) }
        var failure = AttemptFailure(kind: .classified(status, verdict), vendorRequestID: vendorRequestID)
        failure.response = answer
        failure.retryAfter =
            verdict.retryAfter ?? headers.first(name: "retry-after").flatMap { RetryAfter.parse($0, now: clock.date()) }
        return failure
    }

    /// Runs `operation`, cancelling it when `timeout` passes first: AsyncHTTPClient's own deadline (which reports
    /// connection failures precisely) ends at the response head, and the body must be bounded too; the outer limit
    /// is a little longer so that AsyncHTTPClient's error wins when it fires.
    static func within<T: Sendable>(
        _ timeout: Duration,
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw AttemptTimeout() }
            return value
        }
    }

    /// The vendor's own error text (`message`, `error_description`, `error`, `detail`, `title`), at most 200
    /// characters, if the answer is JSON carrying one.
    static func vendorMessage(_ body: [UInt8]) -> String? {
        guard !body.isEmpty, let json = try? JSONParser.parse(body, file: "response").value,
            let object = json.objectValue
        else { return nil }
        for key in ["message", "error_description", "error", "detail", "title"] {
            if let text = object[key]?.stringValue, !text.isEmpty {
                let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
                return line.count > 200 ? String(line.prefix(200)) + "…" : line
            }
            if let text = object[key]?.objectValue?["message"]?.stringValue, !text.isEmpty {
                return String(text.prefix(200))
            }
        }
        // A list of errors: Datadog's {"errors": ["…"]}, JSON:API's {"errors": [{"detail": "…"}]}.
        if let first = object["errors"]?.arrayValue?.first {
            let text = first.stringValue ?? first["detail"]?.stringValue ?? first["title"]?.stringValue
            if let text, !text.isEmpty {
                let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
                return line.count > 200 ? String(line.prefix(200)) + "…" : line
            }
        }
        return nil
    }
}

extension VendorHTTPClient {
    /// Whether a header name is a vendor's request-id spelling (`x-<vendor>-request-id`, `x-amzn-requestid`, ...).
    static func namesARequestID(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["-request-id", "-requestid", "-req-id"].contains { lowered.hasSuffix($0) }
    }
}
