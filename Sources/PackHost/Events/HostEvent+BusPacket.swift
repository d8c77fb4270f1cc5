import CAP
import StructuredData
import SwiftProtobuf
import WorkflowEngine

extension HostEvent {
    /// The event as the CAP packet Cordum's gateway streams on `/api/v1/stream`: a dispatch is the job's
    /// `JobRequest` (`sys.job.submit`), a job's end its `JobResult` (`sys.job.result`), and every other event a
    /// `SystemAlert` (Cordum's `sys.audit.*` and `sys.workflow.event` taps) whose `code` is the event type and whose
    /// `message` is the event's JSON. Nil for keep-alive markers.
    var busPacket: Cordum_Agent_V1_BusPacket? {
        guard !isKeepAlive else { return nil }
        var packet = CAPLink.envelope(traceID: runID ?? subject, senderID: "cordum-host", now: time)
        let jobID = data["job_id"]?.stringValue ?? subject
        switch type {
        case "job.dispatched":
            var request = Cordum_Agent_V1_JobRequest()
            request.jobID = jobID
            request.topic = data["topic"]?.stringValue ?? ""
            request.tenantID = tenantID
            request.workflowID = workflowID ?? ""
            request.principalID = principal
            packet.jobRequest = request
        case "job.succeeded", "job.failed", "job.denied", "job.cancelled", "job.timed_out":
            var result = Cordum_Agent_V1_JobResult()
            result.jobID = jobID
            result.status = Self.jobStatus(type)
            result.workerID = data["worker_id"]?.stringValue ?? ""
            result.errorCode = data["error_code"]?.stringValue ?? ""
            packet.jobResult = result
        default:
            var alert = Cordum_Agent_V1_SystemAlert()
            alert.level = type.hasSuffix("failed") || type.hasSuffix("denied") ? "WARN" : "INFO"
            alert.component = "cordum-host"
            alert.code = type
            alert.message = JSONEncoding.compact(json)
            packet.alert = alert
        }
        return packet
    }

    private static func jobStatus(_ type: String) -> Cordum_Agent_V1_JobStatus {
        switch type {
        case "job.succeeded": .succeeded
        case "job.denied": .denied
        case "job.cancelled": .cancelled
        case "job.timed_out": .timeout
        default: .failed
        }
    }
}
