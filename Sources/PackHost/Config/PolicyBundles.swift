public import GRDB
public import PolicyKernel
public import StructuredData
import WorkflowEngine

/// The policy fragments in `cfg:system:policy` `data.bundles`, as Cordum's Safety Kernel reads them.
public enum PolicyBundles {
    /// Every bundle, by key, as stored.
    public static func all(in db: Database) throws -> [String: JSONValue] {
        try ConfigStore.get(.system, ConfigStore.policyID, in: db)?.data["bundles"]?.objectValue ?? [:]
    }

    /// Every bundle as a fragment (enabled flag and content read as the kernel reads them).
    public static func fragments(in db: Database) throws -> [PolicyFragment] {
        try all(in: db).map { PolicyFragment(key: $0.key, bundle: $0.value) }
    }

    /// The stored SHA-256 of a bundle's content (`sha256`), else the SHA-256 of its content.
    static func sha256(of bundle: JSONValue?) -> String? {
        guard let bundle else { return nil }
        if let stored = bundle["sha256"]?.stringValue, !stored.isEmpty { return stored }
        return Hashing.sha256Hex(PolicyFragment(key: "", bundle: bundle).content)
    }

    /// Parses `content` as a policy document.
    /// - Throws: `invalid_argument` naming the bundle, line and field.
    @discardableResult
    public static func validate(_ content: [UInt8], key: String) throws(HostError) -> PolicyDocument? {
        do {
            return try PolicyDocument.parse(content, file: key)
        } catch {
            throw HostError(.invalidArgument, "policy fragment \(key) is invalid: \(error)")
        }
    }

    /// Checks that every enabled bundle of a `bundles` value parses, so an unparseable bundle is never stored.
    /// - Throws: `invalid_argument` naming the bundle, line and field.
    public static func checkAll(_ bundles: JSONValue?) throws(HostError) {
        guard let bundles else { return }
        guard let members = bundles.objectValue else {
            throw HostError(.invalidArgument, "cfg:system:policy data.bundles must be an object of bundle id to bundle")
        }
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            let fragment = PolicyFragment(key: key, bundle: value)
            guard fragment.enabled else { continue }
            try validate(Array(fragment.content.utf8), key: key)
        }
    }

    /// Appends `policy.bundle.changed` for every bundle whose value differs (id, change and digest; never content).
    static func auditChanges(
        from old: JSONValue?,
        to new: JSONValue?,
        at time: Timestamp,
        principal: String,
        in db: Database
    ) throws {
        let before = old?.objectValue ?? [:]
        let after = new?.objectValue ?? [:]
        for key in Set(before.keys).union(after.keys).sorted() where before[key] != after[key] {
            let change = before[key] == nil ? "new" : (after[key] == nil ? "remove" : "update")
            try AuditLog.append(
                AuditEvent(
                    kind: "policy.bundle.changed",
                    principal: principal,
                    subject: key,
                    data: ["change": .string(change), "sha256": .string(sha256(of: after[key]) ?? "")]
                ),
                at: time,
                in: db
            )
        }
    }
}
