import JSONSchema

extension Worker {
    /// A worker serving `actions`: one handler per action on its topic, the input validated against the action's
    /// own schema (`invalid_input` naming the field), then run by `runtime`. It declares dry-run support
    /// (``supportsDryRun``): WorkerKit answers a dry-run write with its plan and sends nothing.
    ///
    /// An action whose schema is missing or does not compile fails every job with `handler_failed` saying so.
    /// - Parameters:
    ///   - packID: The pack id.
    ///   - actions: The actions.
    ///   - runtime: Runs their jobs.
    ///   - schemas: The pack's input schemas.
    public init<Transport: ActionTransport>(
        packID: String,
        actions: [Action],
        runtime: ActionRuntime<Transport>,
        schemas: ActionSchemas
    ) {
        self.init(packID: packID)
        supportsDryRun = true
        for action in actions {
            do {
                let schema = try schemas.schema(named: action.inputSchema)
                handle(action.topic, inputSchema: schema) { context, input in
                    try await runtime.run(action, context: context, input: input)
                }
            } catch {
                handle(action.topic) { _, _ in throw error }
            }
        }
    }
}
