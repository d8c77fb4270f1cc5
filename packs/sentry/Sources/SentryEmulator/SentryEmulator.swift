public import EmulatorKit
import StructuredData

/// The sentry pack's emulator: the Sentry web API endpoints the pack uses (`/api/0/…`) on a loopback server,
/// answered from an in-memory organization seeded with ``SentryDemo``; bearer tokens with scopes; `Link` paging with
/// `results` and Sentry's cursors; EmulatorKit adds the control endpoints (`/_emulator/…`: request log, exchanges,
/// faults, reset).
///
/// ```swift
/// let emulator = try await Emulator.start(try SentryEmulator.definition(), port: 0)
/// // CORDUM_SENTRY_BASE_URL=<base> CORDUM_SENTRY_TOKEN=<SentryDemo.token> CORDUM_SENTRY_ORGANIZATION=cordum-demo
/// ```
public enum SentryEmulator {
    /// The definition: the demo organization, Sentry's routes, `{"detail": "…"}` fault bodies, and the worker
    /// settings that reach it.
    /// - Parameter seed: Fills the world on start and on every reset; default ``SentryDemo/fill(_:)``.
    public static func definition(
        seed: @escaping @Sendable (inout SentryWorld) -> Void = SentryDemo.fill
    ) throws -> EmulatorDefinition<SeededState<SentryWorld>> {
        let state = try SeededState(SentryWorld()) { world in seed(&world) }
        let router = SentryAPI(state: state).router
        return EmulatorDefinition(
            name: "sentry",
            state: state,
            demo:
                "organization cordum-demo: projects backend and web, releases backend@2.3.0, backend@2.4.0 (deployed, 97.8% crash-free), issues BACKEND-1…3 (4702, 4710, 4711) and WEB-1"
        ) { request in
            do {
                return try await router.route(request) ?? SentryError.notFound.response
            } catch let error as SentryError {
                return error.response
            } catch let error as Unauthenticated {
                return error.response
            }
        }
        .faultBody { status in ["detail": .string(HTTPStatusText.phrase(status))] }
        .settings { baseURL in
            [
                "CORDUM_SENTRY_BASE_URL": baseURL,
                "CORDUM_SENTRY_TOKEN": SentryDemo.token,
                "CORDUM_SENTRY_ORGANIZATION": SentryDemo.organization,
            ]
        }
    }

    /// The registration packctl and the conformance suite start.
    public static let registration = EmulatorRegistration.seeded(packID: "sentry") { try definition() }
}
