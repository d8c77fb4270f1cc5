import Foundation
import StructuredData
import WorkerKit

extension KubernetesHandlers {
    /// `pods.describe`: the pod, its controller (`ownerReferences`), its containers' states and its events (the same
    /// field selector kubectl describe sends), newest first, plus the text kubectl describe would print.
    func describe(context: JobContext, input: JSONValue) async throws(WorkerError) -> JSONValue {
        let call = try prepare("pods.describe", context: context, input: input)
        let base = "/api/v1/namespaces/\(Self.encoded(call.namespace))"
        let podAnswer = try await get(
            "\(base)/pods/\(Self.encoded(call.name))",
            call: call,
            action: "pods.describe",
            logger: context.logger
        )
        let pod = try podAnswer.json(vendor: transport.vendor)
        try context.checkCancellation()
        var selector = "involvedObject.name=\(call.name),involvedObject.namespace=\(call.namespace)"
        if let uid = pod["metadata"]?["uid"]?.stringValue { selector += ",involvedObject.uid=\(uid)" }
        let eventsAnswer = try await get(
            "\(base)/events",
            query: [.init("fieldSelector", selector)],
            call: call,
            action: "pods.describe",
            logger: context.logger
        )
        let maxEvents = input["max_events"]?.intValue ?? 50
        let events = Self.newestFirst(try eventsAnswer.json(vendor: transport.vendor)["items"]?.arrayValue ?? [])
            .prefix(maxEvents)
        let owner = Self.owner(pod)
        let containers = Self.containers(pod)
        let result: JSONValue = [
            "pod": pod,
            "phase": pod["status"]?["phase"] ?? .null,
            "node": pod["spec"]?["nodeName"] ?? .null,
            "owner": owner.map { ["kind": .string($0.kind), "name": .string($0.name)] } ?? .null,
            "containers": .array(containers),
            "events": .array(Array(events)),
            "text": .string(PodDescription.text(pod: pod, containers: containers, events: Array(events))),
        ]
        return call.finish(result, podAnswer)
    }

    /// The controller among the owner references (else the first owner).
    static func owner(_ object: JSONValue) -> (kind: String, name: String)? {
        let owners = object["metadata"]?["ownerReferences"]?.arrayValue ?? []
        guard let owner = owners.first(where: { $0["controller"]?.boolValue == true }) ?? owners.first,
            let kind = owner["kind"]?.stringValue, let name = owner["name"]?.stringValue
        else { return nil }
        return (kind, name)
    }

    /// Each container's readiness, restarts and state (`running`, `waiting`, `terminated`) with its reason.
    static func containers(_ pod: JSONValue) -> [JSONValue] {
        (pod["status"]?["containerStatuses"]?.arrayValue ?? []).map { status in
            let state = status["state"]?.objectValue ?? [:]
            let kind = ["waiting", "terminated", "running"].first { state[$0] != nil } ?? "unknown"
            var entry: [String: JSONValue] = [
                "name": status["name"] ?? .null,
                "ready": .bool(status["ready"]?.boolValue ?? false),
                "restart_count": .integer(status["restartCount"]?.intValue ?? 0),
                "state": .string(kind),
                "reason": state[kind]?["reason"] ?? (kind == "running" ? "Running" : .null),
            ]
            if let message = state[kind]?["message"] { entry["message"] = message }
            if let last = status["lastState"]?["terminated"] {
                entry["last_state"] = [
                    "reason": last["reason"] ?? .null, "exit_code": last["exitCode"] ?? .null,
                    "finished_at": last["finishedAt"] ?? .null,
                ]
            }
            return .object(entry)
        }
    }

    /// Events ordered by their last time (`lastTimestamp`, else `eventTime`, else the creation time), newest first.
    static func newestFirst(_ events: [JSONValue]) -> [JSONValue] {
        func time(_ event: JSONValue) -> String {
            event["lastTimestamp"]?.stringValue ?? event["eventTime"]?.stringValue
                ?? event["metadata"]?["creationTimestamp"]?.stringValue ?? ""
        }
        return events.sorted { time($0) > time($1) }
    }
}

/// The text `kubectl describe pod` prints, for the fields a triage reads: name, namespace, node, status, controller,
/// each container's state, ready and restart count, conditions and events.
enum PodDescription {
    static func text(pod: JSONValue, containers: [JSONValue], events: [JSONValue]) -> String {
        var lines: [String] = []
        func field(_ name: String, _ value: String?) {
            lines.append((name + ":").padding(toLength: 16, withPad: " ", startingAt: 0) + (value ?? "<none>"))
        }
        let metadata = pod["metadata"]
        field("Name", metadata?["name"]?.stringValue)
        field("Namespace", metadata?["namespace"]?.stringValue)
        field("Node", pod["spec"]?["nodeName"]?.stringValue)
        field("Start Time", pod["status"]?["startTime"]?.stringValue)
        let labels = (metadata?["labels"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.stringValue ?? "")" }
        field("Labels", labels.isEmpty ? nil : labels.joined(separator: ","))
        field("Status", pod["status"]?["phase"]?.stringValue)
        field("IP", pod["status"]?["podIP"]?.stringValue)
        field("Controlled By", KubernetesHandlers.owner(pod).map { "\($0.kind)/\($0.name)" })
        lines.append("Containers:")
        for container in containers {
            lines.append("  \(container["name"]?.stringValue ?? ""):")
            let state = container["state"]?.stringValue ?? "unknown"
            lines.append("    State:          \(state.capitalized)")
            if let reason = container["reason"]?.stringValue, state != "running" {
                lines.append("      Reason:       \(reason)")
            }
            if let last = container["last_state"] {
                lines.append("    Last State:     Terminated")
                lines.append("      Reason:       \(last["reason"]?.stringValue ?? "")")
                lines.append("      Exit Code:    \(last["exit_code"]?.intValue.map(String.init) ?? "")")
            }
            lines.append("    Ready:          \(container["ready"]?.boolValue == true ? "True" : "False")")
            lines.append("    Restart Count:  \(container["restart_count"]?.intValue ?? 0)")
        }
        let conditions = pod["status"]?["conditions"]?.arrayValue ?? []
        if !conditions.isEmpty {
            lines.append("Conditions:")
            lines.append("  Type              Status")
            for condition in conditions {
                let type = condition["type"]?.stringValue ?? ""
                lines.append(
                    "  " + type.padding(toLength: 18, withPad: " ", startingAt: 0)
                        + (condition["status"]?.stringValue ?? "")
                )
            }
        }
        if events.isEmpty {
            lines.append("Events:          <none>")
        } else {
            lines.append("Events:")
            lines.append("  Type     Reason     Count  From     Message")
            for event in events {
                let type = (event["type"]?.stringValue ?? "").padding(toLength: 8, withPad: " ", startingAt: 0)
                let reason = (event["reason"]?.stringValue ?? "").padding(toLength: 10, withPad: " ", startingAt: 0)
                let count = String(event["count"]?.intValue ?? 1).padding(toLength: 6, withPad: " ", startingAt: 0)
                let from = (event["source"]?["component"]?.stringValue ?? "").padding(
                    toLength: 8,
                    withPad: " ",
                    startingAt: 0
                )
                lines.append("  \(type) \(reason) \(count) \(from) \(event["message"]?.stringValue ?? "")")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
