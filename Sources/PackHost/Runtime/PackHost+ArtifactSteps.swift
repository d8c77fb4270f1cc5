import StructuredData
import WorkflowEngine

extension PackHost {
    /// Stores an `artifact` step's content in the run tenant's artifact store, labelled with the run, workflow,
    /// step and attempt, and records `workflow.artifact` in the audit log (pointer, size, digest; never the
    /// content). Performed again after a crash, the same run, step and attempt find the artifact already stored.
    func storeStepArtifact(_ request: ArtifactRequest) throws(HostError) -> StoredArtifact {
        let tenant = request.tenantID ?? configuration.defaultTenant
        let attempt = String(request.attempt)
        let artifacts = ArtifactStore(database: database, clock: clock)
        let earlier = try artifacts.list(
            tenant: tenant,
            label: (key: "run_id", value: request.runID),
            limit: ArtifactStore.maximumListLimit
        )
        if let stored = earlier.first(where: {
            $0.metadata.labels["step_id"] == request.stepID && $0.metadata.labels["attempt"] == attempt
        }) {
            return StoredArtifact(
                pointer: stored.pointer,
                sizeBytes: stored.metadata.sizeBytes,
                contentType: stored.metadata.contentType,
                sha256: stored.metadata.sha256
            )
        }
        var labels = request.labels
        labels["attempt"] = attempt
        let retention = ArtifactRetention(rawValue: request.retention) ?? .standard
        let receipt = try artifacts.put(
            tenant: tenant,
            content: request.content,
            contentType: request.contentType,
            retention: retention,
            labels: labels
        )
        let stored = StoredArtifact(
            pointer: receipt.pointer,
            sizeBytes: receipt.sizeBytes,
            contentType: request.contentType,
            sha256: Hashing.sha256Hex(request.content)
        )
        let principal = (try? runPrincipal(request.runID)) ?? nil
        var data: [String: JSONValue] = [
            "workflow_id": .string(request.workflowID), "step_id": .string(request.stepID),
            "pointer": .string(stored.pointer), "size_bytes": .integer(stored.sizeBytes),
            "content_type": .string(stored.contentType), "sha256": .string(stored.sha256),
            "retention": .string(retention.rawValue),
        ]
        data["name"] = request.name.map(JSONValue.string)
        let now = clock.now()
        try database.write { db in
            try AuditLog.append(
                AuditEvent(
                    kind: "workflow.artifact",
                    tenantID: tenant,
                    principal: principal ?? "system",
                    subject: request.runID,
                    data: .object(data)
                ),
                at: now,
                in: db
            )
        }
        return stored
    }
}
