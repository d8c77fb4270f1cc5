/// Which events a consumer wants: its tenant's (plus host-wide pack events), narrowed by type, workflow and
/// pack. A type pattern is an exact type (`run.succeeded`) or a family (`run.*`, `approval.*`); an empty list
/// means every type.
public struct EventFilter: Sendable, Hashable {
    /// The consumer's tenant; nil for every tenant (the admin stream and webhook deliveries).
    public var tenantID: String?
    /// Type patterns; empty for all.
    public var types: [String]
    /// Only events of this workflow.
    public var workflowID: String?
    /// Only events of this pack.
    public var packID: String?

    /// Creates a filter.
    /// - Throws: `invalid_argument` naming a type pattern that matches no event type.
    public init(tenantID: String?, types: [String] = [], workflowID: String? = nil, packID: String? = nil)
        throws(HostError)
    {
        for pattern in types where !HostEvent.types.contains(where: { Self.matches(pattern, $0) }) {
            throw HostError(
                .invalidArgument,
                "event type \"\(pattern)\" matches no event; valid types are \(HostEvent.types.joined(separator: ", ")) "
                    + "or a family such as run.*"
            )
        }
        self.tenantID = tenantID
        self.types = types
        self.workflowID = workflowID
        self.packID = packID
    }

    /// Whether the consumer gets `event`.
    public func admits(_ event: HostEvent) -> Bool {
        if let tenantID, event.tenantID != tenantID, !(event.tenantID.isEmpty && event.type.hasPrefix("pack.")) {
            return false
        }
        if !types.isEmpty, !types.contains(where: { Self.matches($0, event.type) }) { return false }
        if let workflowID, event.workflowID != workflowID { return false }
        if let packID, event.packID != packID { return false }
        return true
    }

    /// Whether `pattern` (`run.succeeded`, `run.*`, `*`) matches `type`.
    static func matches(_ pattern: String, _ type: String) -> Bool {
        if pattern == "*" || pattern == type { return true }
        if pattern.hasSuffix(".*") { return type.hasPrefix(String(pattern.dropLast())) }
        return false
    }
}
