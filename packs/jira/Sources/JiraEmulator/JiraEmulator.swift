public import EmulatorKit
import StructuredData

/// The jira pack's emulator: the Jira Cloud REST API v3 endpoints the pack uses (`/rest/api/3/…`) on a loopback
/// server, answered from an in-memory site seeded with ``JiraDemo``; basic auth (email and API token) and bearer
/// tokens; EmulatorKit adds the control endpoints (`/_emulator/…`: request log, exchanges, faults, reset).
///
/// ```swift
/// let emulator = try await Emulator.start(try JiraEmulator.definition(), port: 0)
/// // CORDUM_JIRA_BASE_URL=<base> CORDUM_JIRA_USERNAME=cordum@example.com CORDUM_JIRA_PASSWORD=<JiraDemo.apiToken>
/// ```
public enum JiraEmulator {
    /// The definition: the demo site, Jira's routes, `{"errorMessages": […], "errors": {}}` fault bodies,
    /// `X-AREQUESTID` request ids, and the worker settings that reach it.
    /// - Parameter seed: Fills the world on start and on every reset; default ``JiraDemo/fill(_:)``.
    public static func definition(
        seed: @escaping @Sendable (inout JiraWorld) -> Void = JiraDemo.fill
    ) throws -> EmulatorDefinition<SeededState<JiraWorld>> {
        let state = try SeededState(JiraWorld()) { world in seed(&world) }
        let router = JiraAPI(state: state).router
        return EmulatorDefinition(
            name: "jira",
            state: state,
            demo: "site Cordum Demo: projects OPS (OPS-1…OPS-4) and WEB (WEB-1), users acct-alice, acct-bob, acct-carol"
        ) { request in
            do {
                return try await router.route(request)
                    ?? JiraError(status: 404, messages: ["No resource at \(request.method) \(request.path)."]).response
            } catch let error as JiraError {
                return error.response
            } catch let error as Unauthenticated {
                return error.response
            }
        }
        .faultBody { status in
            ["errorMessages": [.string(HTTPStatusText.phrase(status))], "errors": [:]]
        }
        .requestIDs(RequestIDPolicy(header: "x-arequestid"))
        .settings { baseURL in
            [
                "CORDUM_JIRA_BASE_URL": baseURL,
                "CORDUM_JIRA_USERNAME": JiraDemo.email,
                "CORDUM_JIRA_PASSWORD": JiraDemo.apiToken,
            ]
        }
    }

    /// The registration packctl and the conformance suite start.
    public static let registration = EmulatorRegistration.seeded(packID: "jira") { try definition() }
}
