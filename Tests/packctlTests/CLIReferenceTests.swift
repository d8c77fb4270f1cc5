import Foundation
import Testing

/// docs/cli.md embeds the help of every command; this test keeps it from drifting.
/// Regenerate with `UPDATE_CLI_DOCS=1 swift test --filter CLIReferenceTests`.
@Suite struct CLIReferenceTests {
    static let commands: [[String]] = [
        [], ["new"], ["generate"], ["lint"], ["test"], ["policy"], ["policy", "evaluate"], ["policy", "explain"],
        ["schema"],
        ["schema", "validate"], ["diff"], ["build"], ["keygen"], ["sign"], ["verify"], ["install"], ["uninstall"],
        ["list"], ["show"], ["run"], ["runs"], ["timeline"], ["approvals"], ["approve"], ["reject"], ["serve"], ["dev"],
        ["contract"],
        ["contract", "check"], ["events"], ["subscriptions"], ["subscriptions", "add"], ["subscriptions", "list"],
        ["subscriptions", "rm"], ["subscriptions", "deliveries"], ["artifact"],
    ]
    static let startMarker = "<!-- generated: command help (do not edit below) -->"

    static func generated() async throws -> String {
        var text = startMarker + "\n"
        for command in commands {
            let output = try await PackctlRunner.run(command + ["--help"])
            text += "\n### `packctl\(command.isEmpty ? "" : " " + command.joined(separator: " "))`\n\n"
            text += "```text\n" + output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "\n```\n"
        }
        return text
    }

    @Test func cliReferenceMatchesTheHelp() async throws {
        let path = PackctlRunner.repositoryRoot + "/docs/cli.md"
        let current = try String(contentsOfFile: path, encoding: .utf8)
        let range = try #require(current.range(of: Self.startMarker), "docs/cli.md lacks the generated-section marker")
        let expected = await String(current[..<range.lowerBound]) + (try Self.generated())
        if ProcessInfo.processInfo.environment["UPDATE_CLI_DOCS"] == "1" {
            try expected.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(
            current == expected,
            "docs/cli.md is out of date: run UPDATE_CLI_DOCS=1 swift test --filter CLIReferenceTests"
        )
    }
}
