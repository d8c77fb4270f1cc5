public import Tracing

extension PackHost {
    /// The approval a job was held for, if any (for its trace).
    func heldApproval(for job: HostJob) -> Approval? {
        guard tracing != nil, let id = job.approvalID else { return nil }
        return try? database.read { db in try ApprovalStore.load(id, in: db) }
    }
}

extension PackHost {
    /// The tracer runs are exported with (``HostConfiguration/tracer``), for in-process workers whose spans join the
    /// runs' traces; nil when the host exports none.
    public nonisolated var tracer: (any Tracer)? { tracing?.tracer }
}
