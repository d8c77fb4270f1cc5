/// Limits attached to a decision: budgets, sandbox, toolchain, diff limits and a redaction level.
public struct PolicyConstraints: Sendable, Hashable {
    /// Run-time, retry, artifact and concurrency budgets.
    public struct Budgets: Sendable, Hashable {
        /// Maximum run time in milliseconds (int64 on the wire).
        public var maxRuntimeMs: Int64
        /// Maximum retries (int32).
        public var maxRetries: Int32
        /// Maximum artifact size in bytes (int64 on the wire).
        public var maxArtifactBytes: Int64
        /// Maximum concurrent jobs (int32).
        public var maxConcurrentJobs: Int32

        /// Creates budgets.
        public init(
            maxRuntimeMs: Int64 = 0,
            maxRetries: Int32 = 0,
            maxArtifactBytes: Int64 = 0,
            maxConcurrentJobs: Int32 = 0
        ) {
            self.maxRuntimeMs = maxRuntimeMs
            self.maxRetries = maxRetries
            self.maxArtifactBytes = maxArtifactBytes
            self.maxConcurrentJobs = maxConcurrentJobs
        }
    }

    /// The sandbox profile.
    public struct Sandbox: Sendable, Hashable {
        /// Whether the job runs isolated.
        public var isolated: Bool
        /// Hosts the job may reach.
        public var networkAllowlist: [String]
        /// Paths mounted read-only.
        public var fsReadOnly: [String]
        /// Paths mounted read-write.
        public var fsReadWrite: [String]

        /// Creates a sandbox profile.
        public init(
            isolated: Bool = false,
            networkAllowlist: [String] = [],
            fsReadOnly: [String] = [],
            fsReadWrite: [String] = []
        ) {
            self.isolated = isolated
            self.networkAllowlist = networkAllowlist
            self.fsReadOnly = fsReadOnly
            self.fsReadWrite = fsReadWrite
        }
    }

    /// Tools and commands the job may use.
    public struct Toolchain: Sendable, Hashable {
        /// Allowed tools.
        public var allowedTools: [String]
        /// Allowed commands.
        public var allowedCommands: [String]

        /// Creates toolchain limits.
        public init(allowedTools: [String] = [], allowedCommands: [String] = []) {
            self.allowedTools = allowedTools
            self.allowedCommands = allowedCommands
        }
    }

    /// Limits on the change a job may produce.
    public struct Diff: Sendable, Hashable {
        /// Maximum files changed (int32).
        public var maxFiles: Int32
        /// Maximum lines changed (int32).
        public var maxLines: Int32
        /// Path globs the change must not touch.
        public var denyPathGlobs: [String]

        /// Creates diff limits.
        public init(maxFiles: Int32 = 0, maxLines: Int32 = 0, denyPathGlobs: [String] = []) {
            self.maxFiles = maxFiles
            self.maxLines = maxLines
            self.denyPathGlobs = denyPathGlobs
        }
    }

    /// Budgets.
    public var budgets: Budgets
    /// Sandbox profile.
    public var sandbox: Sandbox
    /// Toolchain limits.
    public var toolchain: Toolchain
    /// Diff limits.
    public var diff: Diff
    /// Redaction level for outputs.
    public var redactionLevel: String
    /// How many distinct principals must approve a held job (`min_approvers`; 0 means the host's default of one).
    /// A host extension: Cordum's schema has no such key, so a fragment that uses it installs only here.
    public var minApprovers: Int = 0

    /// Creates constraints.
    public init(
        budgets: Budgets = Budgets(),
        sandbox: Sandbox = Sandbox(),
        toolchain: Toolchain = Toolchain(),
        diff: Diff = Diff(),
        redactionLevel: String = ""
    ) {
        self.budgets = budgets
        self.sandbox = sandbox
        self.toolchain = toolchain
        self.diff = diff
        self.redactionLevel = redactionLevel
    }

    /// Whether these constraints say nothing: all numbers 0, not isolated, all lists empty, redaction level blank.
    /// Cordum returns empty constraints as absent.
    public var isEmpty: Bool {
        budgets == Budgets() && !sandbox.isolated && sandbox.networkAllowlist.isEmpty && sandbox.fsReadOnly.isEmpty
            && sandbox.fsReadWrite.isEmpty && toolchain.allowedTools.isEmpty && toolchain.allowedCommands.isEmpty
            && diff.maxFiles == 0 && diff.maxLines == 0 && diff.denyPathGlobs.isEmpty && redactionLevel.isGoBlank
            && minApprovers == 0
    }
}
