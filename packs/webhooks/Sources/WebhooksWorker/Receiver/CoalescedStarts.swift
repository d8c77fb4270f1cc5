import StructuredData

/// Concurrent deliveries of one event share one call to the host: the first starts the run, the others wait for its
/// answer. A sender that redelivers in a burst (a retry storm, a replaying proxy) then costs the host one run start,
/// not one per copy; a copy that arrives after the answer calls the host again, which answers the same run from its
/// idempotency record. Copies share a call only when everything the host would see is equal: the idempotency key, the
/// principal's key and tenant, the workflow and the input.
actor CoalescedStarts {
    private var inFlight: [String: Task<Result<String, RunStartFailure>, Never>] = [:]

    /// The run of `idempotencyKey`, through `starter` unless the same start is already on its way.
    func start(
        _ starter: any RunStarting,
        workflow: String,
        input: JSONValue,
        idempotencyKey: String,
        apiKey: String,
        tenant: String
    ) async throws(RunStartFailure) -> String {
        let identity = [idempotencyKey, tenant, apiKey, workflow, JSONEncoding.compact(input)].joined(
            separator: "\u{0}"
        )
        let task: Task<Result<String, RunStartFailure>, Never>
        if let running = inFlight[identity] {
            task = running
        } else {
            task = Task {
                do throws(RunStartFailure) {
                    return .success(
                        try await starter.start(
                            workflow: workflow,
                            input: input,
                            idempotencyKey: idempotencyKey,
                            apiKey: apiKey,
                            tenant: tenant
                        )
                    )
                } catch {
                    return .failure(error)
                }
            }
            inFlight[identity] = task
        }
        let result = await task.value
        if inFlight[identity] == task { inFlight[identity] = nil }
        return try result.get()
    }
}
