public import StructuredData

/// One entry of Cordum's policy bundle map (config document `system/policy`, key `bundles`): a pack overlay
/// (`<pack id>/<overlay>`) or a Policy Studio bundle (`secops/…`).
public struct PolicyFragment: Sendable, Hashable {
    /// The bundle key; fragments merge in byte-wise ascending key order.
    public var key: String
    /// The policy YAML.
    public var content: String
    /// Whether the bundle takes part; disabled bundles are skipped.
    public var enabled: Bool

    /// Creates a fragment.
    public init(key: String, content: String, enabled: Bool = true) {
        self.key = key
        self.content = content
        self.enabled = enabled
    }

    /// Reads one stored bundle value as Cordum does: a string is the content (always enabled); an object is
    /// disabled when `enabled` is present and false-ish (strings count as true only for `1`, `true`, `yes`, `y`,
    /// `on`), and its content is the first string among `content`, `policy` and `data`. Anything else has no content.
    /// - Parameters:
    ///   - key: the bundle key.
    ///   - bundle: the stored value.
    public init(key: String, bundle: JSONValue) {
        self.key = key
        switch bundle {
        case .string(let text):
            content = text
            enabled = true
        case .object(let members):
            enabled = members["enabled"].map(Self.isTrue) ?? true
            content = ["content", "policy", "data"].lazy.compactMap { members[$0]?.stringValue }.first ?? ""
        default:
            content = ""
            enabled = true
        }
    }

    /// Cordum's lenient boolean: booleans as they are; anything else as text, true only for `1`, `true`, `yes`,
    /// `y` and `on` (trimmed, any case).
    private static func isTrue(_ value: JSONValue) -> Bool {
        let text: String
        switch value {
        case .bool(let flag): return flag
        case .string(let string): text = string
        case .integer(let number): text = String(number)
        case .number(let number): text = JSONEncoding.formatNumber(number)
        default: return false
        }
        return ["1", "true", "yes", "y", "on"].contains(text.trimmingGoSpace().lowercased())
    }
}
