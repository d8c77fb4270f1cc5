public import StructuredData
public import WorkerKit

/// How much a tool call may change: what decides the topic a call must take.
public enum ToolRisk: String, Sendable, Hashable, Comparable, CaseIterable {
    /// Changes nothing: `job.mcp-client.tools.call.read`.
    case read
    /// May change something: `job.mcp-client.tools.call`.
    case write
    /// May destroy something: `job.mcp-client.tools.call.destructive`.
    case destructive

    /// The topic a call of a tool with this risk must take.
    public var topic: String {
        switch self {
        case .read: "job.mcp-client.tools.call.read"
        case .write: "job.mcp-client.tools.call"
        case .destructive: "job.mcp-client.tools.call.destructive"
        }
    }

    /// The risk a call topic stands for.
    public init?(topic: String) {
        guard let risk = Self.allCases.first(where: { $0.topic == topic }) else { return nil }
        self = risk
    }

    public static func < (lhs: ToolRisk, rhs: ToolRisk) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The least risk a tool's MCP annotations claim, when they claim more than read: an explicit
    /// `destructiveHint: true` is destructive, an explicit `readOnlyHint: false` is write. Absent hints and
    /// `readOnlyHint: true` claim nothing: annotations are hints from the server, so they can raise the declared risk
    /// and never lower it.
    public static func raised(by annotations: JSONValue?) -> ToolRisk? {
        guard let annotations, annotations.objectValue != nil else { return nil }
        if annotations["destructiveHint"]?.boolValue == true { return .destructive }
        if annotations["readOnlyHint"]?.boolValue == false { return .write }
        return nil
    }
}

/// The risk a profile declares for its tools: glob patterns per risk (`{"read": ["search_*"], "destructive":
/// ["delete_*"]}`). A pattern with a `/` matches `server/tool`, any other the tool's name. The highest risk whose
/// patterns match wins; a tool no pattern matches is write.
public struct RiskDeclaration: Sendable {
    /// The patterns of each risk.
    public var patterns: [ToolRisk: [GlobPattern]]

    /// A declaration.
    public init(patterns: [ToolRisk: [GlobPattern]] = [:]) {
        self.patterns = patterns
    }

    /// The declared risk of `tool` on `server`.
    public func risk(of tool: String, server: String) -> ToolRisk {
        for risk in ToolRisk.allCases.reversed() {
            let matches = (patterns[risk] ?? []).contains { pattern in
                pattern.pattern.contains("/") ? pattern.matches("\(server)/\(tool)") : pattern.matches(tool)
            }
            if matches { return risk }
        }
        return .write
    }

    /// The declared risk raised by the annotations, and why they disagree when they do.
    public func assess(_ tool: String, server: String, annotations: JSONValue?) -> Assessment {
        let declared = risk(of: tool, server: server)
        let claimed = ToolRisk.raised(by: annotations)
        var mismatch: String?
        if let claimed, claimed > declared {
            mismatch =
                "the server annotates \(tool) as \(claimed.rawValue) (\(claimed == .destructive ? "destructiveHint: true" : "readOnlyHint: false")) but the profile declares it \(declared.rawValue); it is treated as \(claimed.rawValue)"
        } else if declared > .read, annotations?["readOnlyHint"]?.boolValue == true {
            mismatch =
                "the server annotates \(tool) as read-only but the profile declares it \(declared.rawValue); the declaration stands"
        }
        return Assessment(declared: declared, effective: max(declared, claimed ?? .read), mismatch: mismatch)
    }

    /// A tool's declared and effective risk.
    public struct Assessment: Sendable, Hashable {
        /// What the profile declares.
        public var declared: ToolRisk
        /// The declared risk, raised by the annotations.
        public var effective: ToolRisk
        /// Why the annotations disagree with the declaration, if they do.
        public var mismatch: String?
    }
}
