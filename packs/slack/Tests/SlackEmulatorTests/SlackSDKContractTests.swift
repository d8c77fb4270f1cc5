import EmulatorKit
import Foundation
import PackTesting
import SlackEmulator
import Testing

/// slack-sdk (Slack's official Python SDK, pinned in `packs/slack/Tests/contract/setup-venv.sh`) pointed at the
/// emulator: every method the pack uses, cursor paging, an `ok: false` error and the incoming webhook.
@Suite("Slack emulator: slack-sdk contract")
struct SlackSDKContractTests {
    static let contractFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("contract")

    static let slackSDK = PythonEnvironment(
        "slack-sdk 3.47.0",
        setupScript: contractFolder.appendingPathComponent("setup-venv.sh")
    )

    @Test("slack-sdk works against the emulator for every method the pack uses")
    func slackSDK() async throws {
        _ = try await Self.slackSDK.python()
        let emulator = try await Emulator.start(try SlackEmulator.definition(), port: 0)
        let result: ChildProcess.Finished
        do {
            result = try await Self.slackSDK.run(
                Self.contractFolder.appendingPathComponent("slack_sdk_contract.py"),
                [emulator.baseURL, SlackDemo.token, emulator.baseURL + "/services/" + SlackDemo.webhookPath],
                timeout: .seconds(600)
            )
        } catch {
            await emulator.stop()
            throw error
        }
        let methods = Set(emulator.requestLog.entries.map(\.path))
        await emulator.stop()
        #expect(result.exitCode == 0, "slack_sdk_contract.py failed:\n\(result.output)")
        #expect(result.stdout.contains("OK "), "slack_sdk_contract.py did not finish:\n\(result.output)")
        for method in [
            "auth.test", "conversations.list", "conversations.info", "conversations.history", "conversations.replies",
            "users.info", "users.lookupByEmail", "chat.postMessage", "chat.update", "chat.postEphemeral",
            "reactions.add", "conversations.create", "conversations.invite", "conversations.setTopic", "chat.delete",
            "conversations.archive",
        ] {
            #expect(methods.contains("/api/\(method)"), "slack-sdk never called \(method)")
        }
    }
}
