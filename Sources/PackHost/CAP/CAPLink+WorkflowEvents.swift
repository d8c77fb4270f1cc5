import CAP
import Logging
import SwiftProtobuf
import WorkflowEngine

extension CAPLink {
    /// Where notify steps' alerts go, as upstream's engine publishes them.
    static let workflowEventSubject = "sys.workflow.event"

    /// Publishes a notify step's event as `BusPacket{SystemAlert}` on `sys.workflow.event`: `level`, `message`,
    /// `code`, `component`, with the run id as the trace id (upstream's shape).
    func publish(_ notification: WorkflowNotification) async {
        var alert = Cordum_Agent_V1_SystemAlert()
        alert.level = notification.level
        alert.message = notification.message
        alert.code = notification.code ?? ""
        alert.component = notification.component
        var packet = Self.envelope(traceID: notification.runID, senderID: configuration.senderID, now: clock.now())
        packet.alert = alert
        do {
            try await nats.publish(Self.workflowEventSubject, payload: try packet.serializedBytes())
        } catch {
            logger.error(
                "publishing a workflow event failed",
                metadata: ["run_id": "\(notification.runID)", "step_id": "\(notification.stepID)", "error": "\(error)"]
            )
        }
    }
}
