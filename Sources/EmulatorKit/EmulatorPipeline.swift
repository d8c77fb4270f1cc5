public import Logging
public import StructuredData

/// What happens to every request, without the network: control endpoints, the request log, faults, then the
/// vendor handler. ``EmulatorServer`` feeds it; tests may call ``respond(to:)`` directly.
public final class EmulatorPipeline: Sendable {
    /// A vendor handler: answers one request.
    public typealias Handler = @Sendable (EmulatorRequest) async throws -> EmulatorResponse

    /// The path prefix of the control endpoints.
    public static let controlPrefix = "/_emulator"

    /// The active fault rules.
    public let faults: FaultInjector
    /// The requests received (control endpoints excluded).
    public let requestLog: RequestLog
    private let handler: Handler
    private let faultBody: @Sendable (Int) -> JSONValue
    private let decorate: @Sendable (EmulatorRequest, inout EmulatorResponse) -> Void
    private let onReset: @Sendable () throws -> Void
    private let logger: Logger
    /// The request id every answer carries, if the vendor has one.
    public let requestIDs: RequestIDPolicy?
    private let requestIDCounter = RequestIDCounter()

    /// Creates a pipeline.
    /// - Parameters:
    ///   - handler: the vendor's answers.
    ///   - faultBody: the body of a fault answer whose rule has none (default `{"message": "<reason phrase>"}`).
    ///   - decorate: adjusts every non-control answer, faults included (e.g. adds a request id header).
    ///   - onReset: puts the vendor state back (called by `POST /_emulator/reset`); an error it throws becomes a
    ///     `500` answer with code `reset_failed`, never a crash.
    ///   - requestIDs: a request id header on every non-control answer (kept when the handler or a fault rule
    ///     already set it), recorded in the request log; numbering restarts on reset.
    public init(
        faults: FaultInjector = FaultInjector(),
        requestLog: RequestLog = RequestLog(),
        faultBody: @escaping @Sendable (Int) -> JSONValue = {
            .object(["message": .string(HTTPStatusText.phrase($0))])
        },
        decorate: @escaping @Sendable (EmulatorRequest, inout EmulatorResponse) -> Void = { _, _ in },
        onReset: @escaping @Sendable () throws -> Void = {},
        requestIDs: RequestIDPolicy? = nil,
        logger: Logger = Logger(label: "emulator"),
        handler: @escaping Handler
    ) {
        self.requestIDs = requestIDs
        self.faults = faults
        self.requestLog = requestLog
        self.handler = handler
        self.faultBody = faultBody
        self.decorate = decorate
        self.onReset = onReset
        self.logger = logger
    }

    /// Answers one request: control endpoints directly; otherwise logs it, applies the first matching fault,
    /// and asks the handler. Thrown ``EmulatorResponseError``s become their answers, other errors a 500.
    public func respond(to request: EmulatorRequest) async -> EmulatorResponse {
        if request.path == Self.controlPrefix || request.path.hasPrefix(Self.controlPrefix + "/") {
            return ControlEndpoints(pipeline: self).respond(to: request)
        }
        let sequence = requestLog.record(request)
        let requestID = requestIDs.map { $0.make(requestIDCounter.take()) }
        var response: EmulatorResponse
        var faultID: String?
        if let rule = faults.consume(method: request.method, segments: request.pathSegments) {
            faultID = rule.id
            if rule.delay > .zero {
                try? await Task.sleep(for: rule.delay)
            }
            if let status = rule.status {
                response = faultResponse(rule, status: status)
            } else {
                response = await answer(request, requestID: requestID)
            }
        } else {
            response = await answer(request, requestID: requestID)
        }
        decorate(request, &response)
        var recordedID: String?
        if let policy = requestIDs, let requestID {
            if response.headers[policy.header] == nil { response.headers[policy.header] = requestID }
            recordedID = response.headers[policy.header]
        }
        requestLog.complete(
            sequence,
            status: response.status,
            faultID: faultID,
            requestID: recordedID,
            headers: response.headers,
            body: response.body
        )
        return response
    }

    /// Resets faults, the request log and the vendor state.
    /// - Throws: `EmulatorError.resetFailed` when the vendor state could not be put back (faults and the log are
    ///   cleared anyway).
    public func reset() throws(EmulatorError) {
        faults.clear()
        requestLog.clear()
        requestIDCounter.reset()
        do {
            try onReset()
        } catch let error as EmulatorError {
            logger.error("emulator reset failed", metadata: ["error": "\(error)"])
            if case .resetFailed = error { throw error }
            throw .resetFailed(error.description)
        } catch {
            logger.error("emulator reset failed", metadata: ["error": "\(error)"])
            throw .resetFailed(String(describing: error))
        }
    }

    private func answer(_ request: EmulatorRequest, requestID: String?) async -> EmulatorResponse {
        do {
            return try await RequestID.$current.withValue(requestID) { try await handler(request) }
        } catch let error as any EmulatorResponseError {
            return error.response
        } catch let error as EmulatorError {
            return .json(["message": .string(error.description)], status: 400)
        } catch {
            logger.error("emulator handler failed", metadata: ["error": "\(error)", "path": "\(request.path)"])
            return .json(["message": .string("emulator handler failed: \(error)")], status: 500)
        }
    }

    private func faultResponse(_ rule: FaultRule, status: Int) -> EmulatorResponse {
        var response: EmulatorResponse
        if status == 204 || status == 304 {
            response = .empty(status: status)
        } else {
            response = .json(rule.body ?? faultBody(status), status: status)
        }
        for (name, value) in rule.headers { response.headers[name] = value }
        if let retryAfter = rule.retryAfter { response.headers["retry-after"] = String(retryAfter) }
        return response
    }
}
