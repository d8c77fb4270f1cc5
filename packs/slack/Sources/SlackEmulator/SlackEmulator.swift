public import EmulatorKit
import StructuredData

/// The slack pack's emulator: Slack's Web API methods the pack uses (`/api/<method>`) and an incoming webhook
/// (`/services/T…/B…/<secret>`) on a loopback server, answered from an in-memory workspace seeded with
/// ``SlackDemo``; EmulatorKit adds the control endpoints (`/_emulator/…`: request log, exchanges, faults, reset).
///
/// ```swift
/// let emulator = try await Emulator.start(try SlackEmulator.definition(), port: 0)
/// // CORDUM_SLACK_BASE_URL=<base>/api CORDUM_SLACK_TOKEN=xoxb-0000-demo-emulator-token
/// ```
public enum SlackEmulator {
    /// The definition: the demo world, Slack's routes, `{"ok": false, "error": …}` fault bodies, `x-slack-req-id`
    /// request ids, and the worker settings that reach it.
    /// - Parameter seed: Fills the world on start and on every reset; default ``SlackDemo/fill(_:)``.
    public static func definition(
        seed: @escaping @Sendable (inout SlackWorld) -> Void = SlackDemo.fill
    ) throws -> EmulatorDefinition<SeededState<SlackWorld>> {
        let state = try SeededState(SlackWorld()) { world in seed(&world) }
        let api = SlackAPI(state: state)
        return EmulatorDefinition(
            name: "slack",
            state: state,
            demo: "workspace Cordum Demo: #general, #deploys, #incidents (with a thread), users alice, bob, carol"
        ) { request in
            do {
                return try api.respond(request)
            } catch let error as SlackError {
                return error.response
            }
        }
        .faultBody { status in ["ok": false, "error": .string(faultCode(status))] }
        .requestIDs(RequestIDPolicy(header: "x-slack-req-id"))
        .settings { baseURL in
            [
                "CORDUM_SLACK_BASE_URL": baseURL + "/api",
                "CORDUM_SLACK_TOKEN": SlackDemo.token,
                "CORDUM_SLACK_WEBHOOK_URL": baseURL + "/services/" + SlackDemo.webhookPath,
            ]
        }
    }

    /// Slack's words for an injected status.
    static func faultCode(_ status: Int) -> String {
        switch status {
        case 401: "invalid_auth"
        case 403: "missing_scope"
        case 404: "channel_not_found"
        case 409: "name_taken"
        case 422: "invalid_arguments"
        case 429: "ratelimited"
        default: status >= 500 ? "internal_error" : "request_failed"
        }
    }

    /// The registration packctl and the conformance suite start.
    public static let registration = EmulatorRegistration.seeded(packID: "slack") { try definition() }
}
