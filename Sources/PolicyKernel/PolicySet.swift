/// A base document and the enabled fragments, parsed and merged in Cordum's order, with Cordum's snapshot id.
public struct PolicySet: Sendable {
    /// The merged policy; `nil` when there is none (every job is then allowed).
    public var merged: PolicyDocument?
    /// The combined snapshot id: `<base>|cfg:<hash>`, or whichever side exists.
    public var snapshot: String
    /// The base file's snapshot id (`<version>:<sha256>` or `<sha256>`); empty without a base file.
    public var baseSnapshot: String
    /// The fragments' snapshot id (`cfg:<sha256>`); empty when no fragment is used.
    public var fragmentSnapshot: String
    /// Where each merged rule came from (the base file's name or the fragment key), by rule index.
    var ruleSources: [String]

    /// Parses and merges a policy as the Safety Kernel loads it.
    ///
    /// The base document comes first; fragments follow in byte-wise ascending key order; disabled fragments and
    /// fragments whose content is blank are skipped (and left out of the snapshot hash).
    /// - Parameters:
    ///   - base: the base file (`SAFETY_POLICY_PATH`), or `nil` for none (as the gateway's bundle simulation).
    ///   - fragments: the bundles of the config service's policy document.
    /// - Throws: the first ``PolicyError`` of any document; one bad fragment fails the whole set, as in Cordum.
    public init(base: (file: String, bytes: [UInt8])?, fragments: [PolicyFragment]) throws(PolicyError) {
        var merged: PolicyDocument?
        var sources: [String] = []
        var baseSnapshot = ""
        if let base {
            let document = try PolicyDocument.parse(base.bytes, file: base.file)
            baseSnapshot = Snapshot.base(bytes: base.bytes, version: document?.version ?? "")
            if let document {
                merged = document
                sources += Array(repeating: base.file, count: document.rules.count)
            }
        }
        let used =
            fragments
            .filter { $0.enabled && !$0.content.isGoBlank }
            .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for fragment in used {
            guard let document = try PolicyDocument.parse(Array(fragment.content.utf8), file: fragment.key) else {
                continue
            }
            merged = merged.map { $0.merged(with: document) } ?? document
            sources += Array(repeating: fragment.key, count: document.rules.count)
        }
        self.merged = merged
        self.ruleSources = sources
        self.baseSnapshot = baseSnapshot
        self.fragmentSnapshot = Snapshot.fragments(used)
        self.snapshot = Snapshot.combined(base: baseSnapshot, fragments: fragmentSnapshot)
    }

    /// A set made of one document, for tests and tools that build policies in code.
    /// - Parameters:
    ///   - document: the policy, or `nil` for none.
    ///   - snapshot: the snapshot id to report.
    public init(document: PolicyDocument?, snapshot: String = "") {
        merged = document
        self.snapshot = snapshot
        baseSnapshot = snapshot
        fragmentSnapshot = ""
        ruleSources = Array(repeating: "", count: document?.rules.count ?? 0)
    }
}
