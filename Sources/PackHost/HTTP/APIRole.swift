/// What an API key may do. Reading is open to every key of a tenant; changing things needs a role.
///
/// - `submit`: submit jobs, start, rerun and cancel runs, use locks, memory, artifacts and the dead-letter queue.
/// - `approve`: grant or reject approvals, never for a request of the key's own principal unless self-approval is
///   on for the tenant (``HostConfiguration/selfApproval``).
/// - `admin`: install packs, write shared config and policy, verify the audit log.
public enum APIRole: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Submit work.
    case submit
    /// Decide approvals.
    case approve
    /// Administer the host.
    case admin

    /// Orders roles as they are listed: submit, approve, admin.
    public static func < (left: APIRole, right: APIRole) -> Bool {
        allCases.firstIndex(of: left)! < allCases.firstIndex(of: right)!
    }

    /// The roles of a key file entry without a `roles` list: every role for `admin: true`, else submit and approve
    /// (the rights every key had before roles existed).
    public static func legacy(admin: Bool) -> Set<APIRole> {
        admin ? Set(allCases) : [.submit, .approve]
    }
}
