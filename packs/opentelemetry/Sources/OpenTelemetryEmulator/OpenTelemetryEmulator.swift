public import EmulatorKit
public import Foundation
import StructuredData

/// The opentelemetry pack's emulator: a tracing backend on one loopback server. It stores the traces it receives
/// over OTLP/HTTP (`POST /v1/traces`, `application/json` or `application/x-protobuf`, answered in the same
/// encoding with an empty `ExportTraceServiceResponse`) and answers Jaeger's query API v3 (`/api/v3/…`, behind a
/// bearer token when ``TraceStore/authorizations`` has any) from them; EmulatorKit adds the control endpoints
/// (`/_emulator/…`: request log, exchanges, faults, reset). Seeded with ``OpenTelemetryDemo``.
///
/// A test starts it in-process (`Emulator.start(try OpenTelemetryEmulator.definition())`, port 0) and points an
/// OTLP exporter at `<baseURL>/v1/traces`.
public enum OpenTelemetryEmulator {
    /// The definition.
    /// - Parameters:
    ///   - now: The emulator's clock (Unix seconds); the demo traces are placed in the hour before it.
    ///   - seed: Fills the store on start and on every reset; default ``OpenTelemetryDemo/fill(_:now:)``.
    public static func definition(
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        seed: (@Sendable (inout TraceStore) -> Void)? = nil
    ) throws -> EmulatorDefinition<SeededState<TraceStore>> {
        let state = try SeededState(TraceStore()) { store in
            if let seed { seed(&store) } else { OpenTelemetryDemo.fill(&store, now: now()) }
        }
        var router = EmulatorRouter()
        JaegerQueryAPI(state: state).routes(into: &router)
        let routes = router
        return EmulatorDefinition(
            name: "opentelemetry",
            state: state,
            demo:
                "services frontend, checkout, payment: GET /checkout traces, slow ones through legacy-bank, one failed"
        ) { request in
            if request.path == "/v1/traces" {
                return OTLPReceiver(state: state).receive(request)
            }
            let accepted = state.withLock { $0.authorizations }
            if !accepted.isEmpty, request.path.hasPrefix("/api/"),
                !accepted.contains(request.header("authorization") ?? "")
            {
                return JaegerError(status: 401, message: "Unauthorized").response
            }
            do {
                return try await routes.route(request)
                    ?? JaegerError(status: 404, message: "404 page not found").response
            } catch let error as JaegerError {
                return error.response
            }
        }
        .faultBody { status in
            ["error": ["httpCode": .integer(status), "message": .string(HTTPStatusText.phrase(status))]]
        }
        .settings { baseURL in
            [
                "CORDUM_OPENTELEMETRY_BASE_URL": baseURL,
                "CORDUM_OPENTELEMETRY_TOKEN": OpenTelemetryDemo.token,
            ]
        }
    }

    /// The registration packctl and the conformance suite start.
    public static let registration = EmulatorRegistration.seeded(packID: "opentelemetry") { try definition() }
}
