public import Logging
public import StructuredData

/// Everything a vendor emulator declares, so the scaffold (``Emulator``) starts it, resets it and publishes its
/// settings: the emulator writes only its routes and its state.
///
/// ```swift
/// let state = try SeededState(World(), seed: Demo.fill)
/// let definition = EmulatorDefinition(name: "acme", state: state, demo: "demo project p1") { request in
///     try await routes.route(request) ?? AcmeError.notFound.response
/// }
/// .requestIDs(RequestIDPolicy(header: "x-request-id"))
/// .settings { baseURL in ["CORDUM_ACME_BASE_URL": baseURL, "CORDUM_ACME_TOKEN": Demo.token] }
/// let emulator = try await Emulator.start(definition, port: 0)
/// ```
public struct EmulatorDefinition<State: Sendable>: Sendable {
    /// The emulator's name (the `server` header, the logger label), e.g. `acme`.
    public var name: String
    /// The vendor state, seeded.
    public var state: State
    /// Puts ``state`` back to its seed (`POST /_emulator/reset`); a throw answers `500 reset_failed`.
    public var reset: @Sendable (State) throws -> Void
    /// The vendor's answers.
    public var handler: EmulatorPipeline.Handler
    /// The body of a fault answer whose rule has none, in the vendor's error shape.
    public var faultBody: @Sendable (Int) -> JSONValue
    /// Adjusts every non-control answer (vendor headers).
    public var decorate: @Sendable (EmulatorRequest, inout EmulatorResponse) -> Void
    /// The request id header, if the vendor sends one.
    public var requestIDPolicy: RequestIDPolicy?
    /// The settings (environment variables) that point the pack's worker at a running emulator, by base URL.
    public var workerSettings: @Sendable (_ baseURL: String) -> [String: String]
    /// The seeded demo data in a few words (`demo repository acme/widgets`).
    public var demo: String
    /// The logger (default label `emulator.<name>`).
    public var logger: Logger

    /// Creates a definition.
    public init(
        name: String,
        state: State,
        reset: @escaping @Sendable (State) throws -> Void,
        demo: String = "",
        handler: @escaping EmulatorPipeline.Handler
    ) {
        self.name = name
        self.state = state
        self.reset = reset
        self.handler = handler
        self.faultBody = { .object(["message": .string(HTTPStatusText.phrase($0))]) }
        self.decorate = { _, _ in }
        self.requestIDPolicy = nil
        self.workerSettings = { _ in [:] }
        self.demo = demo
        self.logger = Logger(label: "emulator.\(name)")
    }

    /// With the vendor's fault body.
    public func faultBody(_ body: @escaping @Sendable (Int) -> JSONValue) -> Self {
        var copy = self
        copy.faultBody = body
        return copy
    }

    /// With a decoration of every answer.
    public func decorate(_ body: @escaping @Sendable (EmulatorRequest, inout EmulatorResponse) -> Void) -> Self {
        var copy = self
        copy.decorate = body
        return copy
    }

    /// With a request id header.
    public func requestIDs(_ policy: RequestIDPolicy) -> Self {
        var copy = self
        copy.requestIDPolicy = policy
        return copy
    }

    /// With the worker settings it publishes.
    public func settings(_ settings: @escaping @Sendable (_ baseURL: String) -> [String: String]) -> Self {
        var copy = self
        copy.workerSettings = settings
        return copy
    }

    /// With a logger.
    public func logger(_ logger: Logger) -> Self {
        var copy = self
        copy.logger = logger
        return copy
    }

    /// The request pipeline: control endpoints, request log, faults, request ids, then ``handler``.
    public func makePipeline() -> EmulatorPipeline {
        let state = self.state
        let reset = self.reset
        return EmulatorPipeline(
            faultBody: faultBody,
            decorate: decorate,
            onReset: { try reset(state) },
            requestIDs: requestIDPolicy,
            logger: logger,
            handler: handler
        )
    }
}

extension EmulatorDefinition where State: ResettableState {
    /// Creates a definition whose reset is the state's own ``ResettableState/reset()``.
    public init(name: String, state: State, demo: String = "", handler: @escaping EmulatorPipeline.Handler) {
        self.init(name: name, state: state, reset: { try $0.reset() }, demo: demo, handler: handler)
    }
}
