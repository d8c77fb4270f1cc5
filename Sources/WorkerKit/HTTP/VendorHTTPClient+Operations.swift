public import Logging

extension VendorHTTPClient {
    /// Waits for the long-running operation `started` began (see ``OperationPoller``): each status request is a
    /// ``send(_:logger:)`` with `request`'s headers (its credentials), on `request`'s origin only.
    /// - Parameters:
    ///   - polling: The vendor's form (``OperationPolling/azure``, ``OperationPolling/google(operationsBaseURL:)``, …).
    ///   - started: The answer to the starting request.
    ///   - request: The starting request.
    ///   - limits: Default ``OperationLimits/init(maxDuration:maxPolls:interval:maxInterval:)``.
    ///   - logger: The job's logger.
    /// - Returns: The outcome.
    /// - Throws: `timeout` naming the operation, its failure, a status request's error, or `cancelled`.
    public func awaitOperation(
        _ polling: OperationPolling,
        started: VendorResponse,
        request: VendorRequest,
        limits: OperationLimits = OperationLimits(),
        logger: Logger
    ) async throws(WorkerError) -> OperationOutcome {
        let poller = OperationPoller(polling, limits: limits, clock: clock, secrets: secrets)
        return try await poller.wait(started: started, request: request) { poll throws(WorkerError) in
            try await send(poll, logger: logger)
        }
    }
}
