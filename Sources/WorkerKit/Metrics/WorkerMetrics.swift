public import CoreMetrics
import Metrics

/// The job metrics a worker records (swift-metrics), labelled by topic:
///
/// | metric | kind | dimensions |
/// | --- | --- | --- |
/// | `cordum_worker_jobs_started_total` | counter | `topic` |
/// | `cordum_worker_jobs_succeeded_total` | counter | `topic` |
/// | `cordum_worker_jobs_failed_total` | counter | `topic`, `error_code` |
/// | `cordum_worker_jobs_cancelled_total` | counter | `topic` |
/// | `cordum_worker_job_duration_seconds` | timer | `topic`, `status` (`succeeded`, `failed`, `cancelled`) |
///
/// Jobs on topics the worker has no handler for are labelled `topic="unknown"`, so stray subjects cannot grow the
/// label set.
public struct WorkerMetrics: Sendable {
    /// The factory to record with; `nil` uses `MetricsSystem.factory` (bootstrapped by the executable).
    public var factory: (any MetricsFactory)?

    /// Metrics recorded through `factory`, or the global system when `nil`.
    public init(factory: (any MetricsFactory)? = nil) {
        self.factory = factory
    }

    func started(topic: String) {
        Counter(label: "cordum_worker_jobs_started_total", dimensions: [("topic", topic)], factory: resolved)
            .increment()
    }

    func finished(topic: String, outcome: JobOutcome, duration: Duration) {
        let status: String
        switch outcome {
        case .succeeded:
            status = "succeeded"
            Counter(label: "cordum_worker_jobs_succeeded_total", dimensions: [("topic", topic)], factory: resolved)
                .increment()
        case .failed(let error):
            status = "failed"
            Counter(
                label: "cordum_worker_jobs_failed_total",
                dimensions: [("topic", topic), ("error_code", error.code.rawValue)],
                factory: resolved
            ).increment()
        case .cancelled:
            status = "cancelled"
            Counter(label: "cordum_worker_jobs_cancelled_total", dimensions: [("topic", topic)], factory: resolved)
                .increment()
        }
        Timer(
            label: "cordum_worker_job_duration_seconds",
            dimensions: [("topic", topic), ("status", status)],
            factory: resolved
        ).recordNanoseconds(duration.totalNanoseconds)
    }

    var resolved: any MetricsFactory { factory ?? MetricsSystem.factory }
}
