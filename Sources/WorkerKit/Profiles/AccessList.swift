/// An allow list and a deny list of glob patterns: deny beats allow, and an empty allow list allows everything
/// that is not denied.
///
/// ```swift
/// let repos = AccessList(allow: ["acme/*"], deny: ["acme/secret-*"])
/// repos.permits("acme/api")        // true
/// repos.permits("acme/secret-keys") // false: denied
/// repos.permits("other/api")       // false: not in the allow list
/// ```
public struct AccessList: Sendable, Hashable {
    /// Patterns that are permitted; empty means everything not denied.
    public var allow: [GlobPattern]
    /// Patterns that are refused, whatever the allow list says.
    public var deny: [GlobPattern]

    /// A list from pattern texts.
    /// - Parameters:
    ///   - allow: Allowed patterns; empty allows all.
    ///   - deny: Denied patterns; checked first.
    ///   - caseInsensitive: Whether patterns ignore letter case.
    public init(allow: [String] = [], deny: [String] = [], caseInsensitive: Bool = false) {
        self.allow = allow.map { GlobPattern($0, caseInsensitive: caseInsensitive) }
        self.deny = deny.map { GlobPattern($0, caseInsensitive: caseInsensitive) }
    }

    /// A list that permits everything.
    public static let permitAll = AccessList()

    /// Why a value is permitted or not.
    public enum Verdict: Sendable, Hashable {
        /// Permitted: the allow list is empty, or this pattern matched.
        case allowed(by: GlobPattern?)
        /// Refused: this deny pattern matched.
        case denied(by: GlobPattern)
        /// Refused: the allow list is not empty and no pattern in it matched.
        case notAllowed
    }

    /// The verdict for `value`.
    public func check(_ value: String) -> Verdict {
        if let pattern = deny.first(where: { $0.matches(value) }) { return .denied(by: pattern) }
        if allow.isEmpty { return .allowed(by: nil) }
        if let pattern = allow.first(where: { $0.matches(value) }) { return .allowed(by: pattern) }
        return .notAllowed
    }

    /// Whether `value` is permitted.
    public func permits(_ value: String) -> Bool {
        if case .allowed = check(value) { return true }
        return false
    }
}
