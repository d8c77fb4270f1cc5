extension HostMigration {
    /// Every component's tables, in the order they were introduced. Append new migrations at the end.
    public static var all: [HostMigration] {
        [
            AuditLog.migration, JobStore.migration, ApprovalStore.migration, RunIndex.migration, LockStore.migration,
            MemoryStore.migration, DeadLetterStore.migration, ArtifactStore.migration, ConfigStore.migration,
            HostSchemaRegistry.migration, WorkflowRegistry.migration, RunIndex.actorTypeMigration,
            DryRunApprovals.migration, LockStore.holdersMigration, AuditLog.apiKindIndexMigration,
            WebhookStore.migration,
        ]
    }
}
