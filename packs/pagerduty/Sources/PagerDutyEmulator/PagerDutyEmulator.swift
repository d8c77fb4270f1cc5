public import EmulatorKit
import StructuredData

/// The pagerduty pack's emulator: the REST API v2 endpoints the pack uses (`/incidents`, `/oncalls`, `/schedules`,
/// …, with `Authorization: Token token=<key>` and `From` on incident writes) and the Events API v2
/// (`/v2/enqueue`) on one loopback server, answered from an in-memory account seeded with ``PagerDutyDemo``;
/// EmulatorKit adds the control endpoints (`/_emulator/…`: request log, exchanges, faults, reset).
///
/// ```swift
/// let emulator = try await Emulator.start(try PagerDutyEmulator.definition(), port: 0)
/// // CORDUM_PAGERDUTY_BASE_URL=<base> CORDUM_PAGERDUTY_EVENTS_BASE_URL=<base> CORDUM_PAGERDUTY_TOKEN=<key> …
/// ```
public enum PagerDutyEmulator {
    /// The definition: the demo account, PagerDuty's routes, `{"error": {"message", "code"}}` fault bodies,
    /// `X-Request-Id` request ids, and the worker settings that reach it.
    /// - Parameter seed: Fills the world on start and on every reset; default ``PagerDutyDemo/fill(_:)``.
    public static func definition(
        seed: @escaping @Sendable (inout PagerDutyWorld) -> Void = PagerDutyDemo.fill
    ) throws -> EmulatorDefinition<SeededState<PagerDutyWorld>> {
        let state = try SeededState(PagerDutyWorld()) { world in seed(&world) }
        let router = PagerDutyAPI(state: state).router
        let events = PagerDutyEvents(state: state)
        return EmulatorDefinition(
            name: "pagerduty",
            state: state,
            demo:
                "account cordum-demo: incidents PINC0001 (triggered), PINC0002 (acknowledged), PINC0003 (resolved); services PSVC0001 checkout-api, PSVC0002 payments-worker; schedule PSCH0001; users PUSR0001-3"
        ) { request in
            if request.method == "POST", request.path == "/v2/enqueue" { return events.enqueue(request) }
            do {
                return try await router.route(request)
                    ?? PagerDutyError(
                        status: 404,
                        message: "Not Found",
                        code: 2100,
                        errors: [
                            "No resource at \(request.method) \(request.path)."
                        ]
                    ).response
            } catch let error as PagerDutyError {
                return error.response
            }
        }
        .faultBody { status in
            [
                "error": [
                    "message": .string(HTTPStatusText.phrase(status)), "code": .integer(status == 429 ? 2020 : 2000),
                ]
            ]
        }
        .requestIDs(RequestIDPolicy(header: "x-request-id"))
        .settings { baseURL in
            [
                "CORDUM_PAGERDUTY_BASE_URL": baseURL,
                "CORDUM_PAGERDUTY_EVENTS_BASE_URL": baseURL,
                "CORDUM_PAGERDUTY_TOKEN": PagerDutyDemo.apiKey,
                "CORDUM_PAGERDUTY_FROM": PagerDutyDemo.email,
                "CORDUM_PAGERDUTY_ROUTING_KEY": PagerDutyDemo.routingKey,
            ]
        }
    }

    /// The registration packctl and the conformance suite start.
    public static let registration = EmulatorRegistration.seeded(packID: "pagerduty") { try definition() }
}
