import StructuredData
import WorkflowEngine

extension PackHost {
    /// Records a notify step's event in the audit log, under the run's tenant, and hands it to the listener
    /// (with NATS, the CAP bridge publishes it on `sys.workflow.event`).
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
    }

    /// Sets (or, with nil, clears) who else hears notify steps' events.
    func onNotification(_ listener: (@Sendable (WorkflowNotification) async -> Void)?) {
        notificationListener = listener
    }
}
