public import StructuredData

/// What the host commands of `packctl` do, whether against the embedded store (``EmbeddedHost``) or a running
/// host (``HostClient``). Every answer is the API's JSON (docs/host-api.md), so both modes print the same thing.
public protocol HostControl: Sendable {
    /// Starts a run and returns its id (an idempotency key already used returns the first run's id).
    func startRun(workflowID: String, input: JSONValue, dryRun: Bool, idempotencyKey: String?) async throws(HostError)
        -> String
    /// A workflow the tenant can run, as Cordum's workflow object (`GET /workflows/{id}`): its definition's fields,
    /// `input_schema` (with its `examples`) among them.
    func workflow(_ id: String) async throws(HostError) -> JSONValue
    /// A run as WorkflowRun JSON.
    func run(_ id: String) async throws(HostError) -> JSONValue
    /// Runs, newest first, optionally of one workflow and in one status.
    func runs(workflowID: String?, status: String?, limit: Int) async throws(HostError) -> [JSONValue]
    /// A run's timeline events, oldest first.
    func timeline(_ runID: String, limit: Int) async throws(HostError) -> [JSONValue]
    /// Approvals, newest first: pending ones, or every one with `includeDecided`.
    func approvals(includeDecided: Bool, limit: Int) async throws(HostError) -> [JSONValue]
    /// Grants an approval (`digest`: the action digest the approver saw; a mismatch is a `conflict`).
    func approve(_ id: String, reason: String, digest: String?) async throws(HostError) -> JSONValue
    /// Refuses an approval.
    func reject(_ id: String, reason: String) async throws(HostError) -> JSONValue
    /// Installs a pack; the answer is `{applied, plan, record}`.
    func install(_ source: HostPackSource, options: InstallOptions) async throws(HostError) -> JSONValue
    /// Uninstalls a pack; the answer is its record.
    func uninstall(_ packID: String, purge: Bool) async throws(HostError) -> JSONValue
    /// The installed packs' records.
    func packs() async throws(HostError) -> [JSONValue]
    /// One pack's record.
    func pack(_ id: String) async throws(HostError) -> JSONValue
    /// An artifact of the tenant (`GET /artifacts/{ptr}`): `{artifact_ptr, content_base64, metadata}`.
    func artifact(_ pointer: String) async throws(HostError) -> JSONValue
}

/// Where a pack to install comes from.
public enum HostPackSource: Sendable, Hashable {
    /// A pack folder or `.tgz` on this machine.
    case path(String)
    /// A pack in a catalog (a catalog.json path or URL), at a version or the newest; with `publicKeyFile`
    /// (a `NAME.pub`) the catalog's signature must verify.
    case catalog(catalog: String, packID: String, version: String?, publicKeyFile: String?)
}
