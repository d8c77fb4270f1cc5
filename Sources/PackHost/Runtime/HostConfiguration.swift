public import Bundler
public import Tracing
public import WorkflowEngine

/// How a host behaves; every value has a default that suits a single machine.
public struct HostConfiguration: Sendable {
    /// How long a pending approval waits for a decision before the held action fails closed (seconds).
    public var approvalTTLSeconds: Int64 = 86_400
    /// How long an allowed job waits for a worker of its pool before it is dead-lettered `no_workers` (seconds).
    public var noWorkerTimeoutSeconds: Int64 = 30
    /// A step lock's lifetime when the step gives none (seconds). The host renews held locks while jobs run.
    public var defaultLockTTLSeconds: Int64 = 300
    /// How long job contexts and results stay readable through the memory API (seconds).
    public var memoryTTLSeconds: Int64 = 86_400
    /// How long a run's idempotency key names it (seconds).
    public var runIdempotencyTTLSeconds: Int64 = 86_400
    /// The tenant used when a request names none.
    public var defaultTenant: String = "default"
    /// Whether a principal may grant an approval of its own request (a job it submitted, a run it started).
    /// Off by default: a grant needs another principal. Single-user modes (the embedded CLI, `packctl dev`) turn it
    /// on and say so.
    public var selfApproval: SelfApproval = .off
    /// The keys a catalog must be signed by to be installed (or listed) over the HTTP API: `POST /packs/install`
    /// with `{catalog, ...}` and the marketplace. Empty by default, so the API installs from no catalog until the
    /// operator trusts a key (`packctl serve --trust-catalog-key NAME.pub`).
    public var trustedCatalogKeys: [PublicKey] = []
    /// The host's audit key (Ed25519, created with mode 0600 when absent); nil for `<data>/audit-checkpoint.key`.
    /// Keep it outside the data folder to make a truncated audit log detectable even to someone who can write
    /// the folder. The newest signed checkpoint is kept beside it (`audit-checkpoint.json`).
    public var auditKeyPath: String?
    /// A signed checkpoint of the audit log is written when this many records followed the last one (checked
    /// every second while serving), and at start and shutdown.
    public var auditCheckpointInterval = 100
    /// Whether the HTTP API may install from catalogs that no trusted key signed (`packctl serve
    /// --allow-unsigned-catalogs`). Off by default; a marketplace catalog's own `public_key` still applies.
    public var allowUnsignedCatalogs = false
    /// Integrations that may decide approvals on behalf of people (`POST /api/v1/approvals/callback`,
    /// docs/events.md); none by default.
    public var approvalIntegrations: [ApprovalIntegration] = []
    /// Where webhook subscriptions may deliver (`packctl serve --allow-webhook-host`); loopback, link-local,
    /// private and metadata addresses are refused unless listed.
    public var webhookAllowList = WebhookAllowList()

    /// The defaults.
    /// Where the host's runs go as traces (``RunTracer``): a tracer whose spans an exporter sends on
    /// (`Telemetry.TraceExport`, what `--otlp-endpoint` starts). None by default: nothing is traced.
    public var tracer: (any Tracer)?

    public init() {}
}

/// Where the host reads what packs installed: the governance view and workflow definitions.
public protocol HostCatalog: Sendable {
    /// The current governance view (reloaded by the implementation whenever the configuration changes).
    func governance() throws(HostError) -> Governance
    /// The newest definition of a workflow visible to `tenant`.
    func workflow(id: String, tenant: String) throws(HostError) -> WorkflowDefinition
}

/// A workflow as the host runs it.
public struct WorkflowDefinition: Sendable {
    /// The validated definition.
    public var workflow: Workflow
    /// The tenant that owns it; empty for a pack's workflow, visible to every tenant.
    public var tenantID: String

    /// Creates a definition.
    public init(workflow: Workflow, tenantID: String) {
        self.workflow = workflow
        self.tenantID = tenantID
    }
}

/// Where self-approval is allowed: the requester of an approval may grant it itself.
public enum SelfApproval: Sendable, Hashable {
    /// Never: separation of duties holds in every tenant.
    case off
    /// In these tenants (`*` for every tenant).
    case tenants(Set<String>)

    /// Self-approval in every tenant (single-user modes).
    public static let everyTenant = SelfApproval.tenants(["*"])

    /// Whether a requester may approve its own request in `tenant`.
    public func allows(tenant: String) -> Bool {
        switch self {
        case .off: return false
        case .tenants(let tenants): return tenants.contains("*") || tenants.contains(tenant)
        }
    }
}
