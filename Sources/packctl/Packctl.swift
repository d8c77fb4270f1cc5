import ArgumentParser

/// `packctl`: the offline tool for the Cordum pack loop.
@main
struct Packctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packctl",
        abstract: "Write, verify and test Cordum packs offline, and run them on the embedded host.",
        discussion: """
            Exit codes: 0 success; 1 a check failed (simulation, baseline, invalid instance); \
            2 unusable input (a pack, policy, schema or request that does not load); 64 bad usage.
            """,
        version: "0.1.0",
        subcommands: [
            New.self, Generate.self, Lint.self, Test.self, Policy.self, Schema.self, Diff.self, Build.self, Keygen.self,
            Sign.self,
            Verify.self, Audit.self, Install.self, Uninstall.self, List.self, Show.self, Run.self, Runs.self,
            Timeline.self, Approvals.self, Approve.self, Reject.self, Serve.self, Dev.self, Contract.self, Events.self,
            Subscriptions.self, Artifact.self,
        ]
    )
}
