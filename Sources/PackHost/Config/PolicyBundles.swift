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
    public static func validate(_ content: [UInt8], key: String) throws(HostError) {
        do {
            _ = try PolicyDocument.parse(content, file: key)
        } catch {
            throw HostError(.invalidArgument, "policy fragment \(key) is invalid: \(error)")
        }
    }
}
