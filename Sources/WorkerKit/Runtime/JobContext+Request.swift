import CAP
import Logging
import StructuredData

extension JobContext {
    /// The context of a CAP `JobRequest` (`cap-protocol.md` §1.3, tenant resolution as in §5.2).
    init(
        request: Cordum_Agent_V1_JobRequest,
        traceID: String,
        configuration: WorkerConfiguration,
        progress: ProgressReporter,
        cancellation: CancellationFlag,
        logger: Logger,
        artifacts: ArtifactWriter = .unavailable
    ) {
        let meta = request.meta
        let labels = meta.labels.merging(request.labels) { _, request in request }
        let tenant = [request.tenantID, request.env["tenant_id"] ?? "", meta.tenantID].first { !$0.isEmpty }
        let principal = request.principalID.isEmpty ? meta.actorID : request.principalID
        let runID = [labels["run_id"] ?? "", request.workflowID].first { !$0.isEmpty }
        let constraints = request.env["CORDUM_POLICY_CONSTRAINTS"].flatMap { try? JSONParser.parse($0) }
        var logger = logger
        logger[metadataKey: "job_id"] = .string(request.jobID)
        logger[metadataKey: "trace_id"] = .string(traceID)
        if let runID { logger[metadataKey: "run_id"] = .string(runID) }
        logger = logger.scrubbingSecrets(configuration.secrets)
        self.init(
            jobID: request.jobID,
            topic: request.topic,
            tenant: tenant ?? "default",
            principal: principal,
            labels: labels,
            capability: meta.capability,
            riskTags: meta.riskTags,
            requires: meta.requires,
            idempotencyKey: meta.idempotencyKey,
            constraints: constraints,
            isDryRun: Self.isTrue(labels["dry_run"]),
            traceID: traceID,
            runID: runID,
            packID: configuration.packID,
            workerID: configuration.workerID,
            environment: request.env,
            progress: progress,
            cancellation: cancellation,
            logger: logger,
            secrets: configuration.secrets,
            artifacts: artifacts
        )
    }

    static func isTrue(_ text: String?) -> Bool {
        guard let text else { return false }
        return ["true", "1", "yes"].contains(text.lowercased())
    }
}
