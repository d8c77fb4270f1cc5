import EmulatorKit
import Foundation
import StructuredData

/// A Kubernetes `Status` failure, as the API server answers it.
struct KubernetesStatus: Error, EmulatorResponseError {
    var code: Int
    var reason: String
    var message: String

    var response: EmulatorResponse {
        .json(
            [
                "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
                "message": .string(message), "reason": .string(reason), "code": .integer(code),
            ],
            status: code
        )
    }

    static func notFound(_ resource: String, _ name: String) -> Self {
        Self(code: 404, reason: "NotFound", message: "\(resource) \"\(name)\" not found")
    }
}

/// The API subset the pack and kubectl use, with Kubernetes' shapes: discovery (`/version`, `/api`, `/api/v1`,
/// `/apis`, `/apis/apps/v1`), namespaces, nodes, pods (list with label/field selectors and continue paging, get,
/// log as text/plain, delete), events, deployments (get, list, `watch=1`, strategic-merge and merge patches, the scale
/// subresource) and replica sets. Bearer tokens from ``KubernetesWorld/tokens``.
struct KubernetesAPI: Sendable {
    let state: SeededState<KubernetesWorld>
    let router: EmulatorRouter

    init(state: SeededState<KubernetesWorld>) {
        self.state = state
        var router = EmulatorRouter()
        let api = Routes(state: state)
        router.add("GET", "/version") { _, _ in api.version() }
        router.add("GET", "/api") { _, _ in
            .json([
                "kind": "APIVersions", "versions": ["v1"],
                "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"]],
            ])
        }
        router.add("GET", "/api/v1") { _, _ in api.coreResources() }
        router.add("GET", "/apis") { _, _ in api.groups() }
        router.add("GET", "/apis/apps/v1") { _, _ in api.appsResources() }
        router.add("GET", "/api/v1/namespaces") { request, _ in
            try api.list("namespaces", kind: "NamespaceList", namespace: nil, request)
        }
        router.add("GET", "/api/v1/namespaces/{ns}") { _, p in
            try api.get("namespaces", p["ns"], resource: "namespaces")
        }
        router.add("GET", "/api/v1/nodes") { request, _ in
            try api.list("nodes", kind: "NodeList", namespace: nil, request)
        }
        router.add("GET", "/api/v1/pods") { request, _ in try api.list("pods", kind: "PodList", namespace: nil, request)
        }
        router.add("GET", "/api/v1/namespaces/{ns}/pods") { request, p in
            try api.list("pods", kind: "PodList", namespace: p["ns"], request)
        }
        router.add("GET", "/api/v1/namespaces/{ns}/pods/{name}/log") { request, p in
            try api.log(p["ns"], p["name"], request)
        }
        router.add("GET", "/api/v1/namespaces/{ns}/pods/{name}") { _, p in
            try api.get("pods", "\(p["ns"])/\(p["name"])", resource: "pods")
        }
        router.add("DELETE", "/api/v1/namespaces/{ns}/pods/{name}") { _, p in try api.deletePod(p["ns"], p["name"]) }
        router.add("GET", "/api/v1/namespaces/{ns}/events") { request, p in
            try api.list("events", kind: "EventList", namespace: p["ns"], request)
        }
        router.add("GET", "/api/v1/events") { request, _ in
            try api.list("events", kind: "EventList", namespace: nil, request)
        }
        router.add("GET", "/apis/apps/v1/namespaces/{ns}/deployments") { request, p in
            if ["1", "true"].contains(request.queryValue("watch") ?? "") {
                return try await api.watch(p["ns"], request)
            }
            return try api.list("deployments", kind: "DeploymentList", namespace: p["ns"], request)
        }
        router.add("GET", "/apis/apps/v1/namespaces/{ns}/deployments/{name}/scale") { _, p in
            try api.scale(p["ns"], p["name"], nil)
        }
        router.add("PATCH", "/apis/apps/v1/namespaces/{ns}/deployments/{name}/scale") { request, p in
            try api.scale(p["ns"], p["name"], request)
        }
        router.add("GET", "/apis/apps/v1/namespaces/{ns}/deployments/{name}") { _, p in
            try api.get("deployments", "\(p["ns"])/\(p["name"])", resource: "deployments.apps")
        }
        router.add("PATCH", "/apis/apps/v1/namespaces/{ns}/deployments/{name}") { request, p in
            try api.patchDeployment(p["ns"], p["name"], request)
        }
        router.add("GET", "/apis/apps/v1/namespaces/{ns}/replicasets") { request, p in
            try api.list("replicasets", kind: "ReplicaSetList", namespace: p["ns"], request)
        }
        self.router = router
    }

    func respond(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let header = request.header("authorization") ?? ""
        let parts = header.split(separator: " ", maxSplits: 1)
        let token = parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : nil
        guard let token, state.withLock({ $0.tokens.contains(token) }) else {
            throw KubernetesStatus(code: 401, reason: "Unauthorized", message: "Unauthorized")
        }
        guard let answer = try await router.route(request) else {
            throw KubernetesStatus(
                code: 404,
                reason: "NotFound",
                message: "the server could not find the requested resource"
            )
        }
        return answer
    }
}
