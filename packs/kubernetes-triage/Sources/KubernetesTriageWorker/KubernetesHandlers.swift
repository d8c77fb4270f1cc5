import Foundation
import Logging
import NIOHTTP1
import StructuredData
import WorkerKit

/// The handlers that read more than one answer (`pods.logs`, `pods.describe`, `deployments.rollout_status`) and the
/// production routing of the writes. They apply the same checks as WorkerKit's action runtime — the topic, the
/// profile, the action lists, the namespace lists — and answer in its envelope.
struct KubernetesHandlers: Sendable {
    let runtime: ActionRuntime<KubernetesTransport>
    var transport: KubernetesTransport { runtime.transport }
    var settings: VendorSettings { runtime.settings }

    /// What a custom handler works with once the checks passed.
    struct Call {
        var profile: CredentialProfile
        var namespace: String
        var name: String
        var output: [String: JSONValue]
        let start = ContinuousClock.now

        func finish(_ result: JSONValue, _ answer: ActionAnswer?) -> JSONValue {
            var output = output
            output["result"] = result
            if let answer {
                output["status_code"] = .integer(answer.status)
                output["request_id"] = .string(answer.requestID)
            }
            output["duration_ms"] = .integer(Int((ContinuousClock.now - start) / .milliseconds(1)))
            return .object(output)
        }
    }

    /// The checks every custom handler makes before it calls the cluster.
    func prepare(_ action: String, context: JobContext, input: JSONValue) throws(WorkerError) -> Call {
        let topic = "job.\(KubernetesConfiguration.packID).\(action)"
        guard context.topic == topic else {
            throw WorkerError(
                code: .invalidInput,
                message: "The job's topic \"\(context.topic)\" does not match the action \(action) (\(topic))."
            )
        }
        if let named = input["action"], named != .null, named.stringValue != action {
            throw WorkerError(
                code: .invalidInput,
                message: "The input names action \(JSONEncoding.compact(named)), but the topic \(topic) runs \(action)."
            )
        }
        let profile = try transport.profile(for: input)
        try settings.checkAction(action, profile: profile.vendorProfile)
        let namespace = input["namespace"]?.stringValue ?? ""
        try settings.checkResource("NAMESPACES", namespace, profile: profile.vendorProfile, noun: "namespace")
        return Call(
            profile: profile,
            namespace: namespace,
            name: input["name"]?.stringValue ?? "",
            output: ["action": .string(action), "profile": .string(profile.name), "namespace": .string(namespace)]
        )
    }

    /// A GET below the profile's API server.
    func get(
        _ path: String,
        query: [ActionRequest.QueryItem] = [],
        call: Call,
        action: String,
        accept: String = "application/json",
        logger: Logger
    ) async throws(WorkerError) -> ActionAnswer {
        var request = VendorRequest(
            url: ActionRequest(method: .GET, path: path, query: query).url(baseURL: call.profile.baseURL),
            headers: transport.headers(for: call.profile)
        )
        request.headers.replaceOrAdd(name: "Accept", value: accept)
        return try await transport.send(request, profile: call.profile, action: action, logger: logger)
    }

    static func encoded(_ text: String) -> String { URLEncoding.component(text) }

    // MARK: - production routing

    /// Runs a write after checking its namespace against the profile's `prod_namespaces`: production namespaces
    /// only on the `prod.` topic, the others only on the plain one, so the `prod` tag the policy sees is true.
    func write(_ action: Action, context: JobContext, input: JSONValue) async throws(WorkerError) -> JSONValue {
        if action.name != "pods.delete", context.topic == action.topic, let namespace = input["namespace"]?.stringValue
        {
            let profile = try transport.profile(for: input)
            let production = KubernetesConfiguration.isProduction(namespace, profile: profile.vendorProfile)
            let isProdTopic = action.name.hasPrefix("prod.")
            let plain = isProdTopic ? String(action.name.dropFirst("prod.".count)) : action.name
            let prefix = "job.\(KubernetesConfiguration.packID)."
            if production, !isProdTopic {
                throw WorkerError(
                    code: .resourceNotAllowed,
                    message:
                        "The namespace \"\(namespace)\" is production for profile \"\(profile.name)\" (prod_namespaces); send \(plain) on \(prefix)prod.\(plain), which the policy approves job by job."
                )
            }
            if !production, isProdTopic {
                throw WorkerError(
                    code: .invalidInput,
                    message:
                        "The namespace \"\(namespace)\" is not production for profile \"\(profile.name)\" (prod_namespaces); send \(plain) on \(prefix)\(plain)."
                )
            }
        }
        return try await runtime.run(action, context: context, input: input)
    }
}
