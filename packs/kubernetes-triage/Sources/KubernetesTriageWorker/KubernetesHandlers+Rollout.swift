import Foundation
import NIOHTTP1
import StructuredData
import WorkerKit

/// A deployment's rollout judged as `kubectl rollout status` judges it.
struct RolloutVerdict: Equatable {
    /// `complete`, `progressing`, `failed` (the progress deadline passed) or `waiting` (the controller has not seen
    /// the latest spec yet).
    var state: String
    /// kubectl's message.
    var message: String
    var done: Bool { state == "complete" }
    var final: Bool { state == "complete" || state == "failed" }

    init(state: String, message: String) {
        self.state = state
        self.message = message
    }

    /// The verdict for a deployment object.
    init(_ deployment: JSONValue) {
        let name = deployment["metadata"]?["name"]?.stringValue ?? ""
        let generation = deployment["metadata"]?["generation"]?.intValue ?? 0
        let status = deployment["status"]
        let observed = status?["observedGeneration"]?.intValue ?? 0
        guard generation <= observed else {
            self.init(state: "waiting", message: "Waiting for deployment spec update to be observed...")
            return
        }
        let progressing = (status?["conditions"]?.arrayValue ?? []).first { $0["type"]?.stringValue == "Progressing" }
        if progressing?["reason"]?.stringValue == "ProgressDeadlineExceeded" {
            self.init(state: "failed", message: "deployment \"\(name)\" exceeded its progress deadline")
            return
        }
        let wanted = deployment["spec"]?["replicas"]?.intValue ?? 1
        let replicas = status?["replicas"]?.intValue ?? 0
        let updated = status?["updatedReplicas"]?.intValue ?? 0
        let available = status?["availableReplicas"]?.intValue ?? 0
        let prefix = "Waiting for deployment \"\(name)\" rollout to finish: "
        if updated < wanted {
            self.init(
                state: "progressing",
                message: prefix + "\(updated) out of \(wanted) new replicas have been updated..."
            )
        } else if replicas > updated {
            self.init(
                state: "progressing",
                message: prefix + "\(replicas - updated) old replicas are pending termination..."
            )
        } else if available < updated {
            self.init(
                state: "progressing",
                message: prefix + "\(available) of \(updated) updated replicas are available..."
            )
        } else {
            self.init(state: "complete", message: "deployment \"\(name)\" successfully rolled out")
        }
    }
}

extension KubernetesHandlers {
    /// `deployments.rollout_status`: the deployment judged as kubectl does; when it is still rolling out and
    /// `wait_seconds` allows, a watch (`watch=1`, from the deployment's resourceVersion) until it completes, fails
    /// or the wait ends; then the pods its selector picks, with the failing ones named.
    func rolloutStatus(context: JobContext, input: JSONValue) async throws(WorkerError) -> JSONValue {
        let call = try prepare("deployments.rollout_status", context: context, input: input)
        let started = ContinuousClock.now
        let wait = Duration.seconds(input["wait_seconds"]?.intValue ?? 0)
        let base = "/apis/apps/v1/namespaces/\(Self.encoded(call.namespace))/deployments"
        var answer = try await get(
            "\(base)/\(Self.encoded(call.name))",
            call: call,
            action: "deployments.rollout_status",
            logger: context.logger
        )
        var deployment = try answer.json(vendor: transport.vendor)
        var verdict = RolloutVerdict(deployment)
        while !verdict.final, ContinuousClock.now - started < wait {
            try context.checkCancellation()
            let remaining = wait - (ContinuousClock.now - started)
            let seconds = max(1, Int(remaining / .seconds(1)))
            var query: [ActionRequest.QueryItem] = [
                .init("fieldSelector", "metadata.name=\(call.name)"), .init("watch", "1"),
                .init("timeoutSeconds", String(seconds)),
            ]
            if let version = deployment["metadata"]?["resourceVersion"]?.stringValue {
                query.append(.init("resourceVersion", version))
            }
            let request = VendorRequest(
                url: ActionRequest(method: .GET, path: base, query: query).url(baseURL: call.profile.baseURL),
                headers: transport.headers(for: call.profile)
            )
            let stream = try await transport.stream(
                request,
                profile: call.profile,
                limits: StreamLimits(maxBytes: 16 << 20, maxDuration: remaining),
                logger: context.logger
            )
            var sawEvent = false
            do {
                for try await event in stream.jsonValues() {
                    guard let object = event["object"], event["type"]?.stringValue != "ERROR" else { continue }
                    sawEvent = true
                    deployment = object
                    verdict = RolloutVerdict(deployment)
                    if verdict.final { break }
                }
            } catch let error as WorkerError {
                throw error
            } catch {
                throw WorkerError(
                    code: .unavailable,
                    message: "The watch of deployment \(call.name) broke: \(error)",
                    retryable: true
                )
            }
            if !verdict.final, !sawEvent {
                // The server ended the watch without news (its timeout, or a resourceVersion too old): read again.
                answer = try await get(
                    "\(base)/\(Self.encoded(call.name))",
                    call: call,
                    action: "deployments.rollout_status",
                    logger: context.logger
                )
                deployment = try answer.json(vendor: transport.vendor)
                verdict = RolloutVerdict(deployment)
            }
        }
        let waited = Int((ContinuousClock.now - started) / .seconds(1))
        var result: [String: JSONValue] = [
            "deployment": .string(call.name),
            "state": .string(verdict.state),
            "done": .bool(verdict.done),
            "message": .string(verdict.message),
            "generation": .integer(deployment["metadata"]?["generation"]?.intValue ?? 0),
            "observed_generation": .integer(deployment["status"]?["observedGeneration"]?.intValue ?? 0),
            "replicas": .integer(deployment["status"]?["replicas"]?.intValue ?? 0),
            "updated_replicas": .integer(deployment["status"]?["updatedReplicas"]?.intValue ?? 0),
            "ready_replicas": .integer(deployment["status"]?["readyReplicas"]?.intValue ?? 0),
            "available_replicas": .integer(deployment["status"]?["availableReplicas"]?.intValue ?? 0),
            "unavailable_replicas": .integer(deployment["status"]?["unavailableReplicas"]?.intValue ?? 0),
            "conditions": deployment["status"]?["conditions"] ?? .array([]),
            "waited_seconds": .integer(waited),
        ]
        let labels = (deployment["spec"]?["selector"]?["matchLabels"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
        let selector = labels.map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",")
        result["selector"] = .string(selector)
        var pods: [JSONValue] = []
        if !selector.isEmpty {
            let podsAnswer = try await get(
                "/api/v1/namespaces/\(Self.encoded(call.namespace))/pods",
                query: [.init("labelSelector", selector)],
                call: call,
                action: "deployments.rollout_status",
                logger: context.logger
            )
            pods = (try podsAnswer.json(vendor: transport.vendor)["items"]?.arrayValue ?? []).map(Self.podSummary)
        }
        result["pods"] = .array(pods)
        result["failing_pods"] = .array(pods.filter { $0["failing"]?.boolValue == true }.compactMap { $0["name"] })
        return call.finish(.object(result), answer)
    }

    /// A pod's name, phase, readiness, restarts and the reason it is not ready (a container's waiting or
    /// terminated reason, else its phase); `failing` when it is neither ready nor finished.
    static func podSummary(_ pod: JSONValue) -> JSONValue {
        let phase = pod["status"]?["phase"]?.stringValue ?? "Unknown"
        let statuses = pod["status"]?["containerStatuses"]?.arrayValue ?? []
        let ready = !statuses.isEmpty && statuses.allSatisfy { $0["ready"]?.boolValue == true }
        let restarts = statuses.reduce(0) { $0 + ($1["restartCount"]?.intValue ?? 0) }
        let reason =
            statuses.lazy.compactMap {
                $0["state"]?["waiting"]?["reason"]?.stringValue ?? $0["state"]?["terminated"]?["reason"]?.stringValue
            }
            .first ?? phase
        let failing = phase != "Succeeded" && !(phase == "Running" && ready)
        return [
            "name": pod["metadata"]?["name"] ?? .null, "phase": .string(phase), "ready": .bool(ready),
            "restarts": .integer(restarts), "reason": .string(ready ? "Ready" : reason), "failing": .bool(failing),
        ]
    }
}
