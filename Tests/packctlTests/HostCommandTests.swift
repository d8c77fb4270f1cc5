import Foundation
import StructuredData
import Testing

/// `packctl install / run / approvals / approve / reject / runs / timeline` on the embedded host, as a user runs
/// them: the real binary, a fresh data folder per test, the hello pack and its built-in worker.
@Suite struct HostCommandTests {
    /// A new data folder with the hello pack installed.
    static func helloHost() async throws -> String {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("packctl-host-\(UUID().uuidString)")
            .path
        let installed = try await PackctlRunner.run(["install", "packs/hello/pack", "--data", data])
        #expect(installed.status == 0, "\(installed.stderr)")
        #expect(installed.stdout.contains("installed pack hello"))
        return data
    }

    /// The first `apr-...` id in some text.
    static func approvalID(in text: String) -> String? {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
            .first { $0.hasPrefix("apr-") }
    }

    @Test func greetRunsToTheEndWithTheBuiltInWorker() async throws {
        let data = try await Self.helloHost()
        let run = try await PackctlRunner.run([
            "run", "hello.greet", "--input", #"{"name":"Ada"}"#, "--wait", "--data", data,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("hello.greet succeeded"))
        #expect(run.stdout.contains("Ada"))

        let listed = try await PackctlRunner.run(["runs", "--data", data, "--status", "succeeded"])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("hello.greet\tsucceeded"))
    }

    @Test func jsonOutputIsTheWorkflowRun() async throws {
        let data = try await Self.helloHost()
        let run = try await PackctlRunner.run([
            "run", "hello.greet", "--input", #"{"name":"Grace"}"#, "--wait", "--format", "json", "--data", data,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let answer = try JSONParser.parse(run.stdout)
        #expect(answer["outcome"]?.stringValue == "finished")
        #expect(answer["run"]?["status"]?.stringValue == "succeeded")
        #expect(answer["run"]?["workflow_id"]?.stringValue == "hello.greet")
        #expect(answer["run"]?["steps"]?["greet"]?["output"]?["greeting"]?.stringValue?.contains("Grace") == true)
    }

    @Test func greetAndSignStopsAtTheApprovalAndApproveFinishesIt() async throws {
        let data = try await Self.helloHost()
        let run = try await PackctlRunner.run([
            "run", "hello.greet-and-sign", "--input", #"{"name":"Ada"}"#, "--wait", "--data", data,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("is waiting for approval apr-"))
        let runID = try #require(run.stdout.split(separator: " ").dropFirst().first.map(String.init))
        let approvalID = try #require(Self.approvalID(in: run.stdout))

        let pending = try await PackctlRunner.run(["approvals", "--data", data])
        #expect(pending.status == 0)
        #expect(pending.stdout.contains(approvalID))
        #expect(pending.stdout.contains("Sign the guestbook with:"))
        #expect(pending.stdout.contains("\(runID)/approve"))

        // A digest other than the one shown is refused, and nothing is decided.
        let wrongDigest = try await PackctlRunner.run([
            "approve", approvalID, "--reason", "ok", "--digest", "0", "--data", data,
        ])
        #expect(wrongDigest.status == 2)
        #expect(wrongDigest.stderr.contains("error:"))

        let approved = try await PackctlRunner.run(["approve", approvalID, "--reason", "ok", "--data", data])
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("approved \(approvalID)"))
        // One local user asked and approved: the output says self-approval was relied on.
        #expect(approved.stdout.contains("note: self-approval"))
        #expect(approved.stdout.contains("hello.greet-and-sign succeeded"))
        #expect(approved.stdout.contains("step sign succeeded"))

        let none = try await PackctlRunner.run(["approvals", "--data", data])
        #expect(none.stdout.contains("no pending approvals"))
        let timeline = try await PackctlRunner.run(["timeline", runID, "--data", data])
        #expect(timeline.status == 0)
        #expect(timeline.stdout.contains("succeeded"))
        #expect(timeline.stdout.split(separator: "\n").count > 5)

        // The same approval cannot be used twice.
        let again = try await PackctlRunner.run(["approve", approvalID, "--reason", "again", "--data", data])
        #expect(again.status == 2)
    }

    @Test func rejectFailsTheRun() async throws {
        let data = try await Self.helloHost()
        let run = try await PackctlRunner.run([
            "run", "hello.greet-and-sign", "--input", #"{"name":"Bob"}"#, "--wait", "--data", data,
        ])
        let approvalID = try #require(Self.approvalID(in: run.stdout))
        let rejected = try await PackctlRunner.run(["reject", approvalID, "--reason", "not today", "--data", data])
        #expect(rejected.status == 0, "\(rejected.stderr)")
        #expect(rejected.stdout.contains("rejected \(approvalID)"))
        #expect(rejected.stdout.contains("hello.greet-and-sign failed"))
        let all = try await PackctlRunner.run(["approvals", "--all", "--data", data])
        #expect(all.stdout.contains("rejected"))
        #expect(all.stdout.contains("not today"))
        let failed = try await PackctlRunner.run(["runs", "--status", "failed", "--data", data])
        #expect(failed.stdout.contains("hello.greet-and-sign\tfailed"))
    }

    @Test func unusableInputExitsTwoNamingTheProblem() async throws {
        let data = try await Self.helloHost()
        let unknown = try await PackctlRunner.run(["run", "hello.nope", "--data", data])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("hello.nope"))

        let notJSON = try await PackctlRunner.run(["run", "hello.greet", "--input", #"{"name":"#, "--data", data])
        #expect(notJSON.status == 2)
        #expect(notJSON.stderr.contains("--input"))
        #expect(notJSON.stderr.contains("JSON"))

        let notObject = try await PackctlRunner.run(["run", "hello.greet", "--input", "[1]", "--data", data])
        #expect(notObject.status == 2)
        #expect(notObject.stderr.contains("must be a JSON object, not array"))

        let badInput = try await PackctlRunner.run(["run", "hello.greet", "--input", #"{"name":""}"#, "--data", data])
        #expect(badInput.status == 2)
        #expect(badInput.stderr.contains("name"))

        let badStatus = try await PackctlRunner.run(["runs", "--status", "done", "--data", data])
        #expect(badStatus.status == 2)
        #expect(badStatus.stderr.contains("valid: pending"))

        let noRun = try await PackctlRunner.run(["timeline", "run-missing", "--data", data])
        #expect(noRun.status == 2)

        let noApproval = try await PackctlRunner.run(["approve", "apr-missing", "--reason", "x", "--data", data])
        #expect(noApproval.status == 2)
        #expect(noApproval.stderr.contains("apr-missing"))
    }

    @Test func aHostThatIsNotThereIsReportedWithoutTheKey() async throws {
        let secret = "sk-\(UUID().uuidString)"
        let result = try await PackctlRunner.run([
            "runs", "--host", "http://127.0.0.1:9", "--api-key", secret,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("127.0.0.1:9"))
        #expect(!result.stderr.contains(secret) && !result.stdout.contains(secret))

        let badURL = try await PackctlRunner.run(["runs", "--host", "ftp://x", "--api-key", "k"])
        #expect(badURL.status == 2)
        #expect(badURL.stderr.contains("http://HOST:PORT"))
    }
}
