import ArgumentParser

/// The exit codes of `packctl`, documented in docs/cli.md.
enum ExitStatus {
    /// Everything passed.
    static let success = ExitCode(0)
    /// A check ran and failed: a simulation, a baseline, an invalid instance.
    static let checkFailed = ExitCode(1)
    /// The input could not be used: a pack, policy, schema or request that does not load.
    static let invalidInput = ExitCode(2)
}
