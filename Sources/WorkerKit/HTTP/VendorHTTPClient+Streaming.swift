import AsyncHTTPClient
public import Logging
import NIOCore
import NIOHTTP1

extension VendorHTTPClient {
    /// Sends `request` and returns its answer as lines read as they arrive (see ``VendorLineStream``). The answer's
    /// head must come within ``timeout``; the body is then read until the vendor ends it or a limit is reached.
    /// Not retried: a stream is read once.
    /// - Parameters:
    ///   - request: The request (`follow=true`, `watch=true`, …).
    ///   - limits: The byte and time limits.
    ///   - logger: The job's logger.
    /// - Returns: The lines.
    /// - Throws: A shared-code ``WorkerError`` when the vendor answers 400 or more, does not answer in time or cannot
    ///   be reached; `cancelled`.
    public func streamLines(
        _ request: VendorRequest,
        limits: StreamLimits = StreamLimits(),
        logger: Logger
    ) async throws(WorkerError) -> VendorLineStream {
        HeaderRedaction.registerCredentials(of: request.headers, in: secrets)
        let requestID = request.requestID ?? Self.generateRequestID()
        var logger = logger
        logger[metadataKey: "request_id"] = "\(requestID)"
        logger[metadataKey: "vendor"] = "\(vendor)"
        logger[metadataKey: "http_url"] = "\(HeaderRedaction.redacted(url: request.url, secrets: secrets))"
        let start = clock.now()
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        if let userAgent, !outgoing.headers.contains(name: "User-Agent") {
            outgoing.headers.add(name: "User-Agent", value: userAgent)
        }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response: HTTPClientResponse
        do {
            response = try await Self.within(timeout + .seconds(1)) { [httpClient, timeout, outgoing] in
                try await httpClient.execute(outgoing, timeout: .nanoseconds(timeout.totalNanoseconds))
            }
        } catch {
            if Task.isCancelled { throw .cancelled("The job was cancelled.") }
            let failure: AttemptFailure
            let clientError = error as? HTTPClientError
            if error is AttemptTimeout || clientError == .deadlineExceeded || clientError == .readTimeout
                || clientError == .connectTimeout
            {
                failure = AttemptFailure(kind: .timeout)
            } else {
                failure = AttemptFailure(kind: .connection(secrets.scrub("\(error)")))
            }
            throw failure.error(vendor: vendor, attempts: 1, requestID: requestID)
        }
        let vendorRequestID =
            requestIDHeaders.lazy.compactMap { response.headers.first(name: $0) }.first
            ?? response.headers.first { Self.namesARequestID($0.name) }?.value
        let status = Int(response.status.code)
        guard status < 400 else {
            let body = try? await Self.within(timeout) { try await response.body.collect(upTo: 64 << 10) }
            let message = body.flatMap { Self.vendorMessage(Array(buffer: $0)) }.map { secrets.scrub($0) }
            let failure = AttemptFailure(kind: .status(status, vendorMessage: message))
            let error = failure.error(vendor: vendor, attempts: 1, requestID: vendorRequestID ?? requestID)
            logger.warning(
                "vendor stream refused",
                metadata: ["http_status": "\(status)", "error_code": "\(error.code)"]
            )
            throw error
        }
        logger.debug("vendor stream opened", metadata: ["http_status": "\(status)"])
        let state = StreamState()
        let remaining = limits.maxDuration - (clock.now() - start)
        let (lines, continuation) = AsyncThrowingStream<String, any Error>.makeStream()
        let reader = Task { [clock, secrets, vendor] in
            let ending: StreamEnding? = await withTaskGroup(of: StreamEnding?.self) { group in
                group.addTask {
                    do {
                        return try await Self.readLines(
                            response.body,
                            maxBytes: limits.maxBytes,
                            state: state,
                            secrets: secrets
                        ) { continuation.yield($0) }
                    } catch is CancellationError {
                        return nil
                    } catch {
                        if Task.isCancelled { return nil }
                        continuation.finish(
                            throwing: WorkerError(
                                code: .unavailable,
                                message:
                                    "\(vendor)'s stream (request id \(vendorRequestID ?? requestID)) broke off: \(secrets.scrub("\(error)")).",
                                retryable: true
                            )
                        )
                        return nil
                    }
                }
                group.addTask {
                    do {
                        try await clock.sleep(max(remaining, .zero))
                    } catch {
                        return nil
                    }
                    return Task.isCancelled ? nil : .truncatedAtTimeLimit
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            if let ending { state.end(ending) }
            logger.debug(
                "vendor stream ended",
                metadata: ["ending": "\(state.ending.map { "\($0)" } ?? "error")", "bytes": "\(state.bytes)"]
            )
            continuation.finish()
        }
        continuation.onTermination = { _ in reader.cancel() }
        return VendorLineStream(
            status: status,
            headers: response.headers,
            requestID: vendorRequestID ?? requestID,
            lines: lines,
            state: state,
            reader: reader
        )
    }

    /// Reads `body` into lines until it ends (`completed`) or passes `maxBytes` (`truncatedAtByteLimit`; the
    /// partial line at the limit is dropped).
    static func readLines(
        _ body: HTTPClientResponse.Body,
        maxBytes: Int,
        state: StreamState,
        secrets: SecretRegistry,
        emit: (String) -> Void
    ) async throws -> StreamEnding {
        var pending: [UInt8] = []
        var total = 0
        for try await buffer in body {
            var bytes = Array(buffer: buffer)
            let overLimit = total + bytes.count > maxBytes
            if overLimit { bytes = Array(bytes.prefix(maxBytes - total)) }
            total += bytes.count
            state.add(bytes: bytes.count)
            var lineStart = 0
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
                pending += bytes[lineStart..<index]
                emit(line(pending, secrets: secrets))
                pending.removeAll(keepingCapacity: true)
                lineStart = index + 1
            }
            pending += bytes[lineStart...]
            if overLimit { return .truncatedAtByteLimit }
            try Task.checkCancellation()
        }
        if !pending.isEmpty { emit(line(pending, secrets: secrets)) }
        return .completed
    }

    private static func line(_ bytes: [UInt8], secrets: SecretRegistry) -> String {
        let trimmed = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes[...]
        return secrets.scrub(String(decoding: trimmed, as: UTF8.self))
    }
}
