import CAP
import StructuredData

extension WorkerReport {
    /// The report for a worker's `JobResult`, with `output` (the value at its `result_ptr`, when it had one).
    ///
    /// SUCCEEDED is the output (`{}` when the worker stored none); FAILED keeps the worker's `error_code` and
    /// message, and is retryable unless the error document at its `result_ptr` says `"retryable": false` (a plain
    /// FAILED, with no document, is retried under the step's policy, as Cordum does); CANCELLED is a cancel;
    /// TIMEOUT times out (`timed_out`, retryable); DENIED fails `worker_denied` (not retried); any other status
    /// fails `invalid_status`, as Cordum treats it.
    init(result: Cordum_Agent_V1_JobResult, output: JSONValue?) {
        let message = result.errorMessage
        switch result.status {
        case .succeeded:
            self = .succeeded(output ?? .object([:]))
        case .failed:
            self = .failed(
                JobFailure(
                    code: result.errorCode.isEmpty ? "worker_failed" : result.errorCode,
                    message: message.isEmpty ? "the worker \(result.workerID) reported FAILED" : message,
                    retryable: output?["error"]?["retryable"]?.boolValue ?? true
                )
            )
        case .cancelled:
            self = .cancelled(message.isEmpty ? "cancelled on the worker" : message)
        case .timeout:
            self = .timedOut(
                JobFailure(
                    code: result.errorCode.isEmpty ? "timed_out" : result.errorCode,
                    message: message.isEmpty ? "the worker \(result.workerID) reported TIMEOUT" : message,
                    retryable: true
                )
            )
        case .denied:
            self = .failed(
                JobFailure(
                    code: result.errorCode.isEmpty ? "worker_denied" : result.errorCode,
                    message: message.isEmpty ? "the worker \(result.workerID) refused the job" : message
                )
            )
        default:
            self = .failed(
                JobFailure(
                    code: "invalid_status",
                    message: "the worker \(result.workerID) reported status \(result.status.rawValue), which is "
                        + "not one of SUCCEEDED, FAILED, CANCELLED, DENIED, TIMEOUT (5-9)"
                )
            )
        }
    }
}
