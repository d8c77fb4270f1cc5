public import EmulatorKit
import StructuredData

/// The kubernetes-triage pack's emulator: the Kubernetes API subset the pack and kubectl use (``KubernetesAPI``),
/// answered from an in-memory cluster seeded with ``KubernetesDemo``; EmulatorKit adds the control endpoints
/// (`/_emulator/…`: request log, exchanges, faults, reset).
///
/// ```swift
/// let emulator = try await Emulator.start(try KubernetesTriageEmulator.definition(), port: 0)
/// // CORDUM_KUBERNETES_TRIAGE_BASE_URL=<base> CORDUM_KUBERNETES_TRIAGE_TOKEN=<KubernetesDemo.token>
/// ```
public enum KubernetesTriageEmulator {
    /// The definition: the demo cluster, the API's routes, `Status` fault bodies, `Audit-Id` request ids, and the
    /// worker settings that reach it (the demo profile marks `prod-*` namespaces as production).
    /// - Parameter seed: Fills the cluster on start and on every reset; default ``KubernetesDemo/fill(_:)``.
    public static func definition(
        seed: @escaping @Sendable (inout KubernetesWorld) -> Void = KubernetesDemo.fill
    ) throws -> EmulatorDefinition<SeededState<KubernetesWorld>> {
        let state = try SeededState(KubernetesWorld()) { world in seed(&world) }
        let api = KubernetesAPI(state: state)
        return EmulatorDefinition(
            name: "kubernetes-triage",
            state: state,
            demo: "cluster with namespaces shop (deployments checkout, payments in CrashLoopBackOff) and prod-eu (api)"
        ) { request in
            do {
                return try await api.respond(request)
            } catch let error as KubernetesStatus {
                return error.response
            }
        }
        .faultBody { status in
            KubernetesStatus(code: status, reason: reason(status), message: reason(status)).response.jsonBody ?? .null
        }
        .requestIDs(RequestIDPolicy(header: "Audit-Id"))
        .settings { baseURL in
            [
                "CORDUM_KUBERNETES_TRIAGE_BASE_URL": baseURL,
                "CORDUM_KUBERNETES_TRIAGE_TOKEN": KubernetesDemo.token,
                "CORDUM_KUBERNETES_TRIAGE_PROD_NAMESPACES": "prod-*",
            ]
        }
    }

    /// Kubernetes' `reason` for a status.
    static func reason(_ status: Int) -> String {
        switch status {
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 409: "Conflict"
        case 410: "Expired"
        case 415: "UnsupportedMediaType"
        case 422: "Invalid"
        case 429: "TooManyRequests"
        case 504: "Timeout"
        default: status >= 500 ? "InternalError" : "BadRequest"
        }
    }

    /// The registration packctl and the conformance suite start.
    public static let registration = EmulatorRegistration.seeded(packID: "kubernetes-triage") { try definition() }
}
