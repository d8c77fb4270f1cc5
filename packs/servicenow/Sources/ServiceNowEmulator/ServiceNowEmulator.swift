public import EmulatorKit
import StructuredData

/// The servicenow pack's emulator: the Table API (`/api/now/table/{table}[/{sys_id}]`: encoded queries,
/// `sysparm_fields`, `sysparm_display_value`, `sysparm_limit`/`sysparm_offset` with `X-Total-Count` and `Link`,
/// references as `{link, value}`) and `oauth_token.do` (client credentials, password and refresh token grants), on a
/// loopback server answered from an in-memory instance seeded with ``ServiceNowDemo``; basic auth and bearer tokens;
/// EmulatorKit adds the control endpoints (`/_emulator/…`).
public enum ServiceNowEmulator {
    /// The definition: the demo instance, the routes, ServiceNow's `{"error": {…}, "status": "failure"}` fault
    /// bodies, `X-Transaction-ID`-style request ids, and the worker settings that reach it.
    /// - Parameter seed: Fills the world on start and on every reset; default ``ServiceNowDemo/fill(_:)``.
    public static func definition(
        seed: @escaping @Sendable (inout ServiceNowWorld) -> Void = ServiceNowDemo.fill
    ) throws -> EmulatorDefinition<SeededState<ServiceNowWorld>> {
        let state = try SeededState(ServiceNowWorld()) { world in seed(&world) }
        let router = TableAPI(state: state).router
        return EmulatorDefinition(
            name: "servicenow",
            state: state,
            demo:
                "instance with CIs payments-api (production), payments-api-staging, checkout-web, db-prod-01, incidents INC0010001-2, changes CHG0030001-2"
        ) { request in
            do {
                return try await router.route(request)
                    ?? ServiceNowError(status: 400, message: "Requested URI does not represent any resource").response
            } catch let error as ServiceNowError {
                return error.response
            } catch let error as Unauthenticated {
                return error.response
            }
        }
        .faultBody { status in
            ["error": ["message": .string(HTTPStatusText.phrase(status)), "detail": ""], "status": "failure"]
        }
        .requestIDs(RequestIDPolicy(header: "x-transaction-id"))
        .settings { baseURL in
            [
                "CORDUM_SERVICENOW_BASE_URL": baseURL,
                "CORDUM_SERVICENOW_USERNAME": ServiceNowDemo.username,
                "CORDUM_SERVICENOW_PASSWORD": ServiceNowDemo.password,
                "CORDUM_SERVICENOW_PROD_CIS": ServiceNowDemo.prodCIs,
            ]
        }
    }

    /// The registration packctl and the conformance suite start.
    public static let registration = EmulatorRegistration.seeded(packID: "servicenow") { try definition() }
}
