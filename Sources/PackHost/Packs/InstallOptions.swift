/// How to install a pack.
public struct InstallOptions: Sendable, Hashable {
    /// Replace an installed pack (or objects whose content differs), removing what the new version no longer has.
    public var upgrade: Bool
    /// Install without routing: `pools` overlays are not applied, and the pack is INACTIVE.
    public var inactive: Bool
    /// Compute and return the plan; write nothing.
    public var dryRun: Bool
    /// Who installs (recorded as `installed_by` and in the audit log).
    public var principal: String

    /// Creates options.
    public init(upgrade: Bool = false, inactive: Bool = false, dryRun: Bool = false, principal: String = "system") {
        self.upgrade = upgrade
        self.inactive = inactive
        self.dryRun = dryRun
        self.principal = principal
    }
}

/// The points between an install's (or uninstall's) writes, where tests inject failures.
enum InstallStep: String, Sendable, CaseIterable {
    /// The old version's leftovers were removed (upgrade) .
    case removedOld
    /// Schemas written.
    case schemas
    /// Workflows written.
    case workflows
    /// Config overlays applied (or removed, for an uninstall).
    case configOverlays
    /// Policy fragments stored (or removed).
    case policyOverlays
    /// Workflows and schemas deleted (purge).
    case purged
    /// The registry record written.
    case record
    /// The audit records appended.
    case audit
}
