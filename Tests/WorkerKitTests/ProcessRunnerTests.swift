import Foundation
import ServerTesting
import Synchronization
import Testing
import WorkerKit

#if canImport(Glibc)
    import Glibc
#endif

/// The process runner against real programs (`/bin/sh`, `/bin/echo`, `/usr/bin/env`, `cat`): no shell between the
/// job and the program, an explicit environment, a private directory, bounded capture, and no process left behind.
@Suite struct ProcessRunnerTests {
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("process-runner-tests").path

    static func runner(secrets: SecretRegistry = SecretRegistry(), environment: [String: String] = [:])
        -> ProcessRunner
    {
        var parent = environment
        parent["PATH"] = parent["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return ProcessRunner(secrets: secrets, parentEnvironment: parent, temporaryRoot: root)
    }

    /// Whether a process is gone (or only a zombie nobody has reaped yet).
    static func isGone(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        // The state follows the command name in parentheses: "123 (sleep) S ...".
        guard let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(close, offsetBy: 2)] == "Z"
    }

    @Test func argumentsReachTheProgramAsTheyAreWithNoShellBetween() async throws {
        let hostile = "$HOME; rm -rf / && echo `id` *"
        let outcome = try await Self.runner().run(
            ProcessRequest(.path("/bin/echo"), arguments: [hostile, "two words"])
        )
        #expect(outcome.succeeded)
        #expect(outcome.standardOutput == hostile + " two words\n")
    }

    @Test func theChildSeesOnlyTheNamedEnvironmentAndSecretsAreScrubbedFromWhatIsCaptured() async throws {
        let secrets = SecretRegistry()
        let runner = Self.runner(
            secrets: secrets,
            environment: ["WORKER_ONLY": "leaks-if-inherited", "HOME": "/root"]
        )
        let outcome = try await runner.run(
            ProcessRequest(
                .path("/usr/bin/env"),
                environment: ["REGION": "eu-west-1"],
                secretEnvironment: ["VENDOR_TOKEN": "tok-canary-5f1e2d"],
                inheritedVariables: ["PATH", "HOME"]
            )
        )
        let lines = Set(outcome.standardOutput.split(separator: "\n").map(String.init))
        #expect(lines.contains("REGION=eu-west-1"))
        #expect(lines.contains("HOME=/root"))
        #expect(lines.contains { $0.hasPrefix("PATH=") })
        #expect(lines.contains("VENDOR_TOKEN=\(SecretRegistry.mask)"), "\(lines)")
        #expect(!outcome.standardOutput.contains("tok-canary-5f1e2d"))
        #expect(!lines.contains { $0.hasPrefix("WORKER_ONLY=") })
        #expect(lines.count == 4, "\(lines)")
    }

    @Test func aTemporaryWorkingDirectoryIsPrivateAndRemovedWithWhatTheProgramWrote() async throws {
        let outcome = try await Self.runner().run(
            ProcessRequest(.path("/bin/sh"), arguments: ["-c", "pwd; echo data > kept.txt; stat -c %a ."])
        )
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        let directory = try #require(lines.first)
        #expect(directory.hasPrefix(Self.root + "/cordum-process-"))
        #expect(lines.last == "700")
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func anExistingWorkingDirectoryIsUsedAndKeptAndAMissingOneIsAClearError() async throws {
        let directory = Self.root + "/existing-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try await Self.runner().run(
            ProcessRequest(.path("/bin/sh"), arguments: ["-c", "touch made"], workingDirectory: .existing(directory))
        )
        #expect(outcome.succeeded)
        #expect(FileManager.default.fileExists(atPath: directory + "/made"))
        let missing = await #expect(throws: WorkerError.self) {
            try await Self.runner().run(ProcessRequest(.path("/bin/true"), workingDirectory: .existing("/nope/here")))
        }
        #expect(missing?.code == "unavailable")
        #expect(missing?.message.contains("/nope/here") == true)
    }

    @Test func eachStreamIsKeptUpToItsLimitAndEveryLineIsHandedOverAsItComes() async throws {
        let lines = Mutex<[ProcessRunner.Line]>([])
        let outcome = try await Self.runner().run(
            ProcessRequest(
                .path("/bin/sh"),
                arguments: [
                    "-c", "echo first; echo warn >&2; i=0; while [ $i -lt 500 ]; do echo 0123456789; i=$((i+1)); done",
                ],
                outputLimit: 1000
            ),
            onLine: { line in lines.withLock { $0.append(line) } }
        )
        #expect(outcome.standardOutput.utf8.count == 1000)
        #expect(outcome.droppedOutputBytes == 6 + 500 * 11 - 1000)
        #expect(outcome.standardError == "warn\n")
        let seen = lines.withLock { $0 }
        #expect(seen.filter { $0.stream == .standardOutput }.count == 501)
        #expect(seen.first { $0.stream == .standardOutput }?.text == "first")
        #expect(seen.filter { $0.stream == .standardError }.map(\.text) == ["warn"])
    }

    @Test func standardInputIsFedToTheProgram() async throws {
        let outcome = try await Self.runner().run(
            ProcessRequest(.name("cat"), standardInput: Array("line one\nline two\n".utf8))
        )
        #expect(outcome.standardOutput == "line one\nline two\n")
    }

    @Test func exitCodesMapToTheSharedCodesWithTheLastErrorLinesAndNoSecret() async throws {
        let secrets = SecretRegistry()
        secrets.register("sk-live-canary-91")
        let outcome = try await Self.runner(secrets: secrets).run(
            ProcessRequest(.path("/bin/sh"), arguments: ["-c", "echo 'state locked by sk-live-canary-91' >&2; exit 3"])
        )
        #expect(outcome.termination == .exited(3))
        let mapped = #expect(throws: WorkerError.self) {
            try outcome.checked(program: "terraform", exitCodes: [3: "conflict"])
        }
        #expect(mapped?.code == "conflict")
        #expect(mapped?.message == "terraform exited with code 3: state locked by \(SecretRegistry.mask)")
        let unmapped = #expect(throws: WorkerError.self) { try outcome.checked(program: "terraform") }
        #expect(unmapped?.code == "vendor_error")
        // A code the pack documents as success passes.
        #expect(try outcome.checked(program: "terraform", success: [0, 3]).termination == .exited(3))
    }

    @Test func aProgramThatCannotBeFoundIsUnavailable() async throws {
        let error = await #expect(throws: WorkerError.self) {
            try await Self.runner().run(ProcessRequest(.name("no-such-cordum-tool")))
        }
        #expect(error?.code == "unavailable")
        #expect(error?.message.contains("no-such-cordum-tool") == true)
    }

    @Test func aHungProgramIsStoppedAtItsTimeoutWithItsWholeProcessGroup() async throws {
        let child = Mutex<Int32?>(nil)
        // The program would run for ten minutes: only the runner's timeout ends it with a `timeout` error (a program
        // that ends on its own is an outcome, not an error), however slowly a loaded machine gets there.
        let error = await #expect(throws: WorkerError.self) {
            try await Self.runner().run(
                ProcessRequest(
                    .path("/bin/sh"),
                    arguments: ["-c", "trap '' TERM; sleep 600 & echo $!; echo waiting >&2; wait"],
                    timeout: .seconds(1),
                    gracePeriod: .milliseconds(300)
                ),
                onLine: { line in
                    if line.stream == .standardOutput, let pid = Int32(line.text) { child.withLock { $0 = pid } }
                }
            )
        }
        #expect(error?.code == "timeout")
        #expect(error?.retryable == true)
        #expect(error?.message.contains("waiting") == true)
        let pid = try #require(child.withLock { $0 })
        #expect(try await eventually(timeout: .seconds(30)) { Self.isGone(pid) })
    }

    @Test func whatAProgramLeftRunningInItsGroupIsKilledWhenItExits() async throws {
        let child = Mutex<Int32?>(nil)
        let outcome = try await Self.runner().run(
            ProcessRequest(.path("/bin/sh"), arguments: ["-c", "sleep 60 > /dev/null 2>&1 & echo $!"]),
            onLine: { line in if let pid = Int32(line.text) { child.withLock { $0 = pid } } }
        )
        #expect(outcome.succeeded)
        let pid = try #require(child.withLock { $0 })
        #expect(try await eventually(timeout: .seconds(30)) { Self.isGone(pid) })
    }

    @Test func cancellingTheJobStopsTheProgram() async throws {
        let directory = Self.root + "/cancel-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let task = Task {
            try await Self.runner().run(
                ProcessRequest(
                    .path("/bin/sh"),
                    arguments: ["-c", "echo $$ > pid.txt; sleep 60"],
                    workingDirectory: .existing(directory),
                    gracePeriod: .milliseconds(200)
                )
            )
        }
        let pidFile = directory + "/pid.txt"
        func pid() -> Int32? {
            (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap {
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        #expect(try await eventually { pid() != nil })
        task.cancel()
        let result = await task.result
        guard case .failure(let error as WorkerError) = result else {
            Issue.record("expected a cancellation error, got \(result)")
            return
        }
        #expect(error.code == .cancelled)
        let child = try #require(pid())
        #expect(try await eventually { Self.isGone(child) })
    }

}
