public import Hummingbird
import HummingbirdWebSocket
public import Logging
public import NIOCore
import WorkflowEngine

/// The host's HTTP API (base `/api/v1`): every route of `docs/host-api.md` on one ``HostServices``. Every
/// route but `GET /health` needs `X-API-Key` and a tenant (``APIAuthMiddleware``); errors are JSON
/// (``APIErrorMiddleware``);
/// every object a route reads or changes is looked up in the caller's tenant, so another tenant's object
/// answers `404` exactly like a missing one.
public struct HostAPI: Sendable {
    /// Body size limits.
    public struct Limits: Sendable, Hashable {
        /// The largest JSON body accepted (default 4 MiB).
        public var jsonBytes: Int
        /// The largest upload accepted: a pack bundle, or an artifact body (base64 inflates content by 4/3;
        /// the artifact store's own limit still applies). Default 64 MiB.
        public var uploadBytes: Int
        /// How many events an event-stream consumer may fall behind before it is cut off (default 1024).
        public var eventBuffer: Int

        /// Creates limits.
        public init(jsonBytes: Int = 4 << 20, uploadBytes: Int = 64 << 20, eventBuffer: Int = EventHub.defaultCapacity)
        {
            self.jsonBytes = jsonBytes
            self.uploadBytes = uploadBytes
            self.eventBuffer = eventBuffer
        }
    }

    /// The version `GET /status` reports.
    public static let version = "0.1.0"

    /// The stores and the host.
    public let services: HostServices
    /// The accepted API keys.
    public let keys: APIKeyStore
    /// Body size limits.
    public let limits: Limits
    /// Where failed requests are logged.
    public let logger: Logger
    /// When the API was created (`uptime_seconds` of `GET /status`).
    let startedAt: Timestamp
    /// The bus `GET /status` reports (``BusStatus/unknown`` when nil).
    public let bus: (any BusStatusSource)?
    /// The web console's sign-in sessions (docs/console.md).
    public let sessions: ConsoleSessions

    /// Creates the API on `services`.
    public init(
        services: HostServices,
        keys: APIKeyStore,
        limits: Limits = Limits(),
        logger: Logger = Logger(label: "cordum.host.api"),
        bus: (any BusStatusSource)? = nil
    ) {
        self.services = services
        self.keys = keys
        self.limits = limits
        self.logger = logger
        startedAt = services.clock.now()
        self.bus = bus
        sessions = ConsoleSessions(clock: services.clock)
    }

    /// The host's application: the router, served with HTTP/1.1 and the WebSocket upgrade of `GET /stream`.
    public func makeApplication(
        configuration: ApplicationConfiguration = ApplicationConfiguration(),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = makeRouter()
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: configuration,
            onServerRunning: onServerRunning,
            logger: logger
        )
    }

    /// The router with every route behind the error, authentication and request-log middlewares.
    public func makeRouter() -> Router<HostRequestContext> {
        let router = Router(context: HostRequestContext.self)
        router.add(middleware: APIErrorMiddleware(logger: logger))
        router.add(middleware: APIAuthMiddleware(keys: keys, sessions: sessions))
        router.add(middleware: APIRoleMiddleware())
        router.add(middleware: APIRequestLogMiddleware(logger: logger))
        addHealthRoute(to: router)
        let api = router.group("api/v1")
        addStatusRoutes(to: api)
        addPackRoutes(to: api)
        addWorkflowRoutes(to: api)
        addRunRoutes(to: api)
        addApprovalRoutes(to: api)
        addJobRoutes(to: api)
        addPolicyRoutes(to: api)
        addPolicyBundleRoutes(to: api)
        addConfigRoutes(to: api)
        addSchemaRoutes(to: api)
        addCoordinationRoutes(to: api)
        addDataRoutes(to: api)
        addAuditRoutes(to: api)
        addEventRoutes(to: api)
        addApprovalCallbackRoute(to: api)
        addSubscriptionRoutes(to: api)
        addStreamRoute(to: api)
        addConsoleRoutes(to: router, api: api)
        return router
    }

    /// A JSON object body, within the JSON limit.
    func object(_ request: Request) async throws -> BodyObject {
        try await RequestBody.object(request, limit: limits.jsonBytes)
    }
}
