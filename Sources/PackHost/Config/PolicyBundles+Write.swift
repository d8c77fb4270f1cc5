public import GRDB
public import StructuredData
public import WorkflowEngine

extension PolicyBundles {
    /// Replaces the bundles of `cfg:system:policy` (its other keys kept) through ``ConfigStore/set``, which checks
    /// that every enabled bundle parses and audits `policy.bundle.changed` for each bundle that changed.
    /// - Throws: `invalid_argument` naming a bundle that does not parse (nothing is written).
    public static func write(_ bundles: [String: JSONValue], at time: Timestamp, principal: String, in db: Database)
        throws
    {
        var data = try ConfigStore.get(.system, ConfigStore.policyID, in: db)?.data ?? [:]
        data["bundles"] = .object(bundles)
        try ConfigStore.set(.system, ConfigStore.policyID, data: data, at: time, principal: principal, in: db)
    }
}
