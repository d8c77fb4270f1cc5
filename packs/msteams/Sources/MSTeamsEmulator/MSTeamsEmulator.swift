public import EmulatorKit
public import Foundation
import StructuredData

/// The msteams pack's emulator: Microsoft Graph v1.0 as the pack uses it, Entra ID's token endpoint, a Workflows
/// webhook and the Bot Framework's OpenID configuration and keys on a loopback server (``MSTeamsGraph``), answered
/// from an in-memory tenant seeded with ``MSTeamsDemo``; EmulatorKit adds the control endpoints (`/_emulator/…`:
/// request log, exchanges, faults — a `429` fault with `retry_after` is Graph's throttling —, reset).
///
/// ```swift
/// let emulator = try await Emulator.start(try MSTeamsEmulator.definition(), port: 0)
/// ```
public enum MSTeamsEmulator {
    /// The definition: the demo tenant, Graph's routes, Graph's error bodies for faults, `request-id` request ids,
    /// and the worker settings that reach it.
    /// - Parameters:
    ///   - seed: Fills the tenant on start and on every reset; default ``MSTeamsDemo/fill(_:)``.
    ///   - now: The clock of token expiry.
    public static func definition(
        seed: @escaping @Sendable (inout MSTeamsWorld) -> Void = MSTeamsDemo.fill,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> EmulatorDefinition<SeededState<MSTeamsWorld>> {
        let state = try SeededState(MSTeamsWorld()) { world in seed(&world) }
        let graph = MSTeamsGraph(state: state, now: now)
        return EmulatorDefinition(
            name: "msteams",
            state: state,
            demo:
                "tenant Contoso: team Operations (General, Deployments, Incidents with a thread), team Platform, users Alice, Bob, Carol"
        ) { request in
            do {
                return try await graph.respond(request)
            } catch let error as MSTeamsError {
                return error.response
            }
        }
        .faultBody { status in
            ["error": ["code": .string(faultCode(status)), "message": .string(HTTPStatusText.phrase(status))]]
        }
        .requestIDs(RequestIDPolicy(header: "request-id"))
        .settings { baseURL in workerSettings(baseURL: baseURL) }
    }

    /// What the worker needs to reach the emulator at `baseURL` (its profile's Graph URL, token URL and the demo app
    /// registration, the webhook, and the bot's OpenID configuration).
    public static func workerSettings(baseURL: String) -> [String: String] {
        [
            "CORDUM_MSTEAMS_BASE_URL": baseURL + "/v1.0",
            "CORDUM_MSTEAMS_TENANT_ID": MSTeamsDemo.tenantID,
            "CORDUM_MSTEAMS_TOKEN_URL": "\(baseURL)/\(MSTeamsDemo.tenantID)/oauth2/v2.0/token",
            "CORDUM_MSTEAMS_CLIENT_ID": MSTeamsDemo.clientID,
            "CORDUM_MSTEAMS_CLIENT_SECRET": MSTeamsDemo.clientSecret,
            "CORDUM_MSTEAMS_WEBHOOK_URL": baseURL + MSTeamsDemo.webhookPath
                + "?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + MSTeamsDemo.webhookSignature,
            "CORDUM_MSTEAMS_BOT_APP_ID": MSTeamsDemo.clientID,
            "CORDUM_MSTEAMS_BOT_OPENID_CONFIGURATION": MSTeamsBotFramework.openIDConfigurationURL(baseURL: baseURL),
        ]
    }

    /// Graph's error code for an injected status.
    static func faultCode(_ status: Int) -> String {
        switch status {
        case 401: "InvalidAuthenticationToken"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 409: "Conflict"
        case 429: "TooManyRequests"
        case 503: "ServiceNotAvailable"
        default: status >= 500 ? "InternalServerError" : "BadRequest"
        }
    }

    /// The registration packctl and the conformance suite start.
    public static let registration = EmulatorRegistration.seeded(packID: "msteams") { try definition() }
}
