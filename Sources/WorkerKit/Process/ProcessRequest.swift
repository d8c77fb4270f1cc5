/// One run of a command-line program a pack integrates through (a vendor CLI, a helper binary): what to start, with
/// what, where, and the bounds it runs within.
///
/// Nothing goes through a shell: ``arguments`` reach the program as they are, so no quoting, globbing or variable
/// expansion can change them. Nothing of the worker's own environment leaks into the child unless named.
public struct ProcessRequest: Sendable {
    /// The program to start.
    public enum Executable: Sendable, Hashable {
        /// An absolute path.
        case path(String)
        /// A program name looked up in the `PATH` of the child's environment (``environment`` or
        /// ``inheritedVariables``).
        case name(String)
    }

    /// Where the program runs.
    public enum WorkingDirectory: Sendable, Hashable {
        /// A new private directory (mode 0700) the runner creates before the start and removes, with everything
        /// the program wrote there, when the run ends.
        case temporary
        /// An existing directory, left as it is.
        case existing(String)
    }

    /// The program.
    public var executable: Executable
    /// Its arguments, each passed as one argument.
    public var arguments: [String]
    /// The child's environment: exactly these variables (plus ``secretEnvironment`` and
    /// ``inheritedVariables``).
    public var environment: [String: String]
    /// Variables whose values are secrets (tokens, keys): passed to the child, and scrubbed from everything the
    /// runner captures, reports and logs.
    public var secretEnvironment: [String: String]
    /// Variables copied from the worker's own environment when set there (for instance `PATH`, `HOME`); nothing
    /// else of it is inherited.
    public var inheritedVariables: [String]
    /// Where it runs.
    public var workingDirectory: WorkingDirectory
    /// What it reads on standard input; nothing (the null device) when nil.
    public var standardInput: [UInt8]?
    /// How long it may run; then it and its process group are stopped (``gracePeriod``) and the run fails with
    /// `timeout`.
    public var timeout: Duration
    /// How long a program asked to stop (SIGTERM to its process group) has before it is killed (SIGKILL).
    public var gracePeriod: Duration
    /// The most bytes kept of each of standard output and standard error; the rest is counted and dropped.
    public var outputLimit: Int

    /// A request.
    /// - Parameters:
    ///   - executable: the program.
    ///   - arguments: its arguments, never interpreted by a shell.
    ///   - environment: the child's environment.
    ///   - secretEnvironment: secret variables (scrubbed from what is captured).
    ///   - inheritedVariables: variables copied from the worker's environment.
    ///   - workingDirectory: a temporary directory by default.
    ///   - standardInput: bytes for standard input.
    ///   - timeout: 5 minutes by default.
    ///   - gracePeriod: 5 seconds by default.
    ///   - outputLimit: 1 MiB per stream by default.
    public init(
        _ executable: Executable,
        arguments: [String] = [],
        environment: [String: String] = [:],
        secretEnvironment: [String: String] = [:],
        inheritedVariables: [String] = ["PATH"],
        workingDirectory: WorkingDirectory = .temporary,
        standardInput: [UInt8]? = nil,
        timeout: Duration = .seconds(300),
        gracePeriod: Duration = .seconds(5),
        outputLimit: Int = 1 << 20
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.secretEnvironment = secretEnvironment
        self.inheritedVariables = inheritedVariables
        self.workingDirectory = workingDirectory
        self.standardInput = standardInput
        self.timeout = timeout
        self.gracePeriod = gracePeriod
        self.outputLimit = outputLimit
    }

    /// The program's name for messages (the last path component of a path).
    var displayName: String {
        switch executable {
        case .path(let path): path.split(separator: "/").last.map(String.init) ?? path
        case .name(let name): name
        }
    }
}
