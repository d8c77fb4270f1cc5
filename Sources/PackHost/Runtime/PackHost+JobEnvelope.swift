import GRDB
import StructuredData
import WorkflowEngine

extension PackHost {
    /// The envelope of a step's job: the engine's priority, memory id, worker id, `meta.actor_type`,
    /// `meta.labels` and `env`, plus `CORDUM_EFFECTIVE_CONFIG` — the effective config (system, org, workflow and
    /// step documents, shallowly merged) as Go encodes JSON (`JSONEncoding.canonical`), as upstream's engine adds it.
    func envelope(of request: JobRequest, tenant: String) throws(HostError) -> JobEnvelope {
        let config = try database.read { db in
            try ConfigStore.effective(orgID: tenant, workflowID: request.workflowID, stepID: request.stepID, in: db)
        }
        var env = request.env
        env["CORDUM_EFFECTIVE_CONFIG"] = JSONEncoding.canonical(.object(config))
        return JobEnvelope(
            priority: request.priority,
            memoryID: request.memoryID,
            adapterID: request.workerID,
            actorType: request.meta.actorType,
            metaLabels: request.meta.labels,
            env: env
        )
    }
}
