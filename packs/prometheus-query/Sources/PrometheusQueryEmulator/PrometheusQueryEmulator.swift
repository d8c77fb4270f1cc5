public import EmulatorKit
public import Foundation
import StructuredData

/// The prometheus-query pack's emulator: Prometheus' HTTP API v1 reads (`/api/v1/…`) and Alertmanager's API v2
/// (`/api/v2/…`) on one loopback server, answered from an in-memory ``PrometheusWorld`` seeded with
/// ``PrometheusDemo``, behind a reverse proxy's credentials (basic auth or a bearer token; 401 otherwise);
/// EmulatorKit adds the control endpoints (`/_emulator/…`: request log, exchanges, faults, reset).
///
/// The tests of the pack run against Debian's real `prometheus` and `prometheus-alertmanager` too; the emulator is
/// what `packctl dev` and the conformance suite use, and where faults are injected.
public enum PrometheusQueryEmulator {
    /// The definition: the demo world, the routes, Prometheus' `{"status": "error", …}` fault bodies, `X-Request-Id`
    /// request ids, and the worker settings that reach it.
    /// - Parameters:
    ///   - now: The emulator's clock (Unix seconds).
    ///   - seed: Fills the world on start and on every reset; default ``PrometheusDemo/fill(_:now:)``.
    public static func definition(
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        seed: (@Sendable (inout PrometheusWorld) -> Void)? = nil
    ) throws -> EmulatorDefinition<SeededState<PrometheusWorld>> {
        let state = try SeededState(PrometheusWorld()) { world in
            if let seed { seed(&world) } else { PrometheusDemo.fill(&world, now: now()) }
        }
        var router = EmulatorRouter()
        PrometheusAPI(state: state, now: now).routes(into: &router)
        AlertmanagerAPI(state: state, now: now).routes(into: &router)
        let routes = router
        return EmulatorDefinition(
            name: "prometheus-query",
            state: state,
            demo: "job api with the firing alert HighErrorRate (Prometheus and Alertmanager on one server)"
        ) { request in
            let accepted = state.withLock { $0.authorizations }
            if !accepted.isEmpty, !accepted.contains(request.header("authorization") ?? "") {
                return .text("Unauthorized\n", status: 401, headers: ["WWW-Authenticate": "Basic realm=\"prometheus\""])
            }
            // Prometheus takes its query endpoints as POST forms too (its Go client posts them first).
            var request = request
            if request.method == "POST", request.path.hasPrefix("/api/v1/"),
                request.header("content-type")?.hasPrefix("application/x-www-form-urlencoded") == true
            {
                request.query += QueryItem.parse(request.bodyText)
                request.method = "GET"
            }
            do {
                return try await routes.route(request) ?? .text("404 page not found\n", status: 404)
            } catch let error as PrometheusError {
                return error.response
            }
        }
        .faultBody { status in
            [
                "status": "error", "errorType": .string(errorType(status)),
                "error": .string(HTTPStatusText.phrase(status)),
            ]
        }
        .requestIDs(RequestIDPolicy(header: "X-Request-Id"))
        .settings { baseURL in
            [
                "CORDUM_PROMETHEUS_QUERY_BASE_URL": baseURL,
                "CORDUM_PROMETHEUS_QUERY_ALERTMANAGER_URL": baseURL,
                "CORDUM_PROMETHEUS_QUERY_AUTH": "basic",
                "CORDUM_PROMETHEUS_QUERY_USERNAME": PrometheusDemo.username,
                "CORDUM_PROMETHEUS_QUERY_PASSWORD": PrometheusDemo.password,
            ]
        }
    }

    /// Prometheus' `errorType` for an injected status.
    static func errorType(_ status: Int) -> String {
        switch status {
        case 400: "bad_data"
        case 422: "execution"
        case 503: "unavailable"
        case 408: "timeout"
        default: status >= 500 ? "internal" : "bad_data"
        }
    }

    /// The registration packctl and the conformance suite start.
    public static let registration = EmulatorRegistration.seeded(packID: "prometheus-query") { try definition() }
}
