import PackFormat
import PackVerification
import PolicyKernel
import StructuredData

/// What every rule sees: the pack under lint, the other packs loaded with it, and the merged policy.
struct LintContext {
    /// The pack being linted.
    let pack: Pack
    /// Every pack loaded together, by id (the pack itself included).
    let packs: [String: Pack]
    /// The merged policy in strict mode, or nil when a policy document did not parse.
    let strictPolicy: CompiledPolicy?
    /// The merged policy evaluated exactly as upstream Cordum does, or nil when a document did not parse.
    let upstreamPolicy: CompiledPolicy?

    var id: String { pack.id }

    /// The location of a manifest field.
    func manifestLocation(_ pointer: String) -> SourceLocation {
        pack.manifestDocument.location(of: pointer)
    }

    /// Every topic declared by the loaded packs, by name.
    var declaredTopics: [String: (pack: Pack, topic: PackTopic)] {
        var topics: [String: (pack: Pack, topic: PackTopic)] = [:]
        for other in packs.values {
            for topic in other.manifest.topics where topics[topic.name] == nil { topics[topic.name] = (other, topic) }
        }
        return topics
    }

    /// The request a properly tagged job on `topic` sends (or, without declarations, one that omits its tags).
    static func request(
        topic: PackTopic,
        packID: String,
        includeDeclarations: Bool = true,
        labels: [String: String] = [:]
    ) -> PolicyRequest? {
        try? PolicySuite.request(for: topic, packID: packID, includeDeclarations: includeDeclarations, labels: labels)
    }
}
