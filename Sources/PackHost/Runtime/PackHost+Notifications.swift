import Logging
import StructuredData
import WorkflowEngine

extension PackHost {
    /// Records a notify step's event in the audit log, under the run's tenant (event `workflow.notify`, which
    /// webhook subscriptions receive), hands it to the listener (with NATS, the CAP bridge publishes it on
    /// `sys.workflow.event`), and, when the step names a topic, submits it as a governed job on that topic.
    func recordNotification(_ notification: WorkflowNotification) async throws(HostError) {
        let now = clock.now()
        var data: [String: JSONValue] = [
            "step_id": .string(notification.stepID),
            "level": .string(notification.level),
            "message": .string(notification.message),
            "component": .string(notification.component),
        ]
        data["code"] = notification.code.map(JSONValue.string)
        let principal = try runPrincipal(notification.runID) ?? "system"
        let run = try? loadRun(notification.runID)
        let workflow = run.flatMap { try? definition(of: $0) }
        data["workflow_id"] = run.map { .string($0.workflowID) }
        let topic = workflow?.steps[notification.stepID]?.topic
        data["topic"] = topic.map(JSONValue.string)
        try database.write { db in
            try AuditLog.append(
                AuditEvent(
                    kind: "workflow.notify",
                    tenantID: notification.tenantID ?? configuration.defaultTenant,
                    principal: principal,
                    subject: notification.runID,
                    data: .object(data)
                ),
                at: now,
                in: db
            )
        }
        await notificationListener?(notification)
        if let topic, !topic.isEmpty, run?.dryRun != true {
            await submitNotification(notification, topic: topic, principal: principal)
        }
    }

    /// A notify step that names a topic also becomes a job on that topic (a chat message, a page), judged by the
    /// kernel like any other job: its input is the step's rendered input, its principal whoever started the run.
    /// The idempotency key is the run and step, so a notify performed again after a restart is one job.
    private func submitNotification(_ notification: WorkflowNotification, topic: String, principal: String) async {
        let submission = JobSubmission(
            topic: topic,
            input: notification.payload,
            idempotencyKey: "notify:\(notification.runID):\(notification.stepID)"
        )
        do {
            _ = try await submitJob(
                submission,
                tenant: notification.tenantID ?? configuration.defaultTenant,
                principal: principal
            )
        } catch {
            logger.warning(
                "a notify step's job was not accepted",
                metadata: [
                    "run_id": "\(notification.runID)", "step_id": "\(notification.stepID)", "topic": "\(topic)",
                    "error": "\(error.message)",
                ]
            )
        }
    }

    /// Sets (or, with nil, clears) who else hears notify steps' events.
    func onNotification(_ listener: (@Sendable (WorkflowNotification) async -> Void)?) {
        notificationListener = listener
    }
}
