public import EmulatorKit
public import Foundation
import StructuredData

/// The datadog pack's emulator: Datadog's API v1 and v2 endpoints the pack uses on one loopback server, answered
/// from an in-memory ``DatadogWorld`` seeded with ``DatadogDemo``, behind Datadog's two keys (`DD-API-KEY` and
/// `DD-APPLICATION-KEY`, the API key alone for posting events; 403 `{"errors": ["Forbidden"]}` otherwise) and its rate limits (`X-RateLimit-Limit`,
/// `-Period`, `-Remaining`, `-Reset` in seconds left, `-Name` on every answer; 429 when a budget is spent);
/// EmulatorKit adds the control endpoints (`/_emulator/…`: request log, exchanges, faults, reset).
public enum DatadogEmulator {
    /// The rate-limit headers, as Datadog names them.
    static let rateLimitHeaders = RateLimitHeaderNames(
        limit: "X-RateLimit-Limit",
        remaining: "X-RateLimit-Remaining",
        reset: "X-RateLimit-Reset",
        resource: "X-RateLimit-Name",
        resetStyle: .secondsLeft,
        retryAfter: nil
    )

    /// The definition: the demo world, the routes, Datadog's `{"errors": […]}` fault bodies, `X-Request-Id`
    /// request ids, and the worker settings that reach it.
    /// - Parameters:
    ///   - now: The emulator's clock (Unix seconds).
    ///   - seed: Fills the world on start and on every reset; default ``DatadogDemo/fill(_:now:)``.
    public static func definition(
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        seed: (@Sendable (inout DatadogWorld) -> Void)? = nil
    ) throws -> EmulatorDefinition<SeededState<DatadogWorld>> {
        let state = try SeededState(DatadogWorld()) { world in
            if let seed { seed(&world) } else { DatadogDemo.fill(&world, now: now()) }
        }
        var router = EmulatorRouter()
        DatadogAPI(state: state, now: now).routes(into: &router)
        DatadogAPIv2(state: state, now: now).routes(into: &router)
        let routes = router
        let authenticator = CallerAuthenticator(schemes: [.apiKeyHeaders(["DD-API-KEY", "DD-APPLICATION-KEY"])])
        // Posting an event is the one call Datadog takes with the API key alone.
        let apiKeyOnly = CallerAuthenticator(schemes: [.apiKeyHeaders(["DD-API-KEY"])])
        return EmulatorDefinition(
            name: "datadog",
            state: state,
            demo: "monitor 1001 alerting on web-1 (CPU), its logs and events; SLO \"Web availability\""
        ) { request in
            let current = now()
            let keys = request.method == "POST" && request.path == "/api/v1/events" ? apiKeyOnly : authenticator
            let resolved = state.withLock { keys.resolve(request, registry: $0.credentials, now: current) }
            guard case .success(let caller) = resolved else { return DatadogError.forbidden.response }
            let family = Self.rateLimitFamily(request.path)
            var headers: [String: String] = [:]
            if let budget = state.withLock({ $0.budgets[family] }) {
                let usage = state.withLock {
                    $0.rateLimits.spend(caller: caller.budgetKey, budget: budget, now: current)
                }
                headers = usage.headers(rateLimitHeaders, now: current)
                headers["x-ratelimit-period"] = String(budget.windowSeconds)
                if usage.exceeded {
                    return .json(["errors": ["Too many requests"]], status: 429, headers: headers)
                }
            }
            var response: EmulatorResponse
            do {
                response = try await routes.route(request) ?? DatadogError.notFound("Endpoint").response
            } catch let error as DatadogError {
                response = error.response
            }
            for (name, value) in headers where response.headers[name] == nil { response.headers[name] = value }
            // Log searches and metric queries are POSTs that change nothing: the test rig's write counts skip them.
            if request.method == "POST", Self.readOnlyPosts.contains(request.path) {
                response.headers[RecordedRequest.readOnlyHeader] = "true"
            }
            return response
        }
        .faultBody { status in ["errors": .array([.string(HTTPStatusText.phrase(status))])] }
        .requestIDs(RequestIDPolicy(header: "X-Request-Id"))
        .settings { baseURL in
            [
                "CORDUM_DATADOG_BASE_URL": baseURL,
                "CORDUM_DATADOG_API_KEY": DatadogDemo.apiKey,
                "CORDUM_DATADOG_APPLICATION_KEY": DatadogDemo.applicationKey,
            ]
        }
    }

    /// The POST endpoints that only read.
    static let readOnlyPosts: Set<String> = ["/api/v2/logs/events/search", "/api/v2/query/timeseries"]

    /// The rate-limit family (`X-RateLimit-Name`) of a path: metric queries, log queries, or the rest.
    static func rateLimitFamily(_ path: String) -> String {
        if path.hasPrefix("/api/v1/query") || path.hasPrefix("/api/v2/query") { return "query" }
        if path.hasPrefix("/api/v2/logs") { return "logs_query" }
        return "default"
    }

    /// The registration packctl and the conformance suite start.
    public static let registration = EmulatorRegistration.seeded(packID: "datadog") { try definition() }
}
