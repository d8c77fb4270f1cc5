import Foundation
import ServerTesting
import Testing

/// The tests' own child-process start (`posix_spawn`), which replaced Foundation's `Process.run()` after it crashed a
/// full run holding about 1,450 descriptors.
@Suite("Test children: posix_spawn starts")
struct SpawnedProcessTests {
    @Test func aChildStartsWithThousandsOfDescriptorsOpenAndInheritsNoneOfThem() throws {
        // Foundation's start read past its /proc/self/fd buffer with this many open; these are inheritable (no
        // close-on-exec), so only the start's own close-from action keeps them out of the child.
        let held = (0..<2_000).map { _ in open("/dev/null", O_RDONLY) }
        defer { for descriptor in held { close(descriptor) } }
        #expect(held.allSatisfy { $0 >= 0 })
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { for end in ends { close(end) } }

        let child = try SpawnedProcess("/bin/sleep", arguments: ["30"])
        defer {
            child.signal()
            child.waitForExit()
        }
        // posix_spawn returns once the child has called exec, so its descriptor table is final.
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.processIdentifier)/fd")
        #expect(descriptors.sorted() == ["0", "1", "2"])
    }

    @Test func exitCodesAndSignalsAreReported() throws {
        #expect(try SpawnedProcess("/bin/sh", arguments: ["-c", "exit 3"]).waitForExit() == .exited(3))
        let sleeper = try SpawnedProcess("/bin/sleep", arguments: ["30"])
        #expect(sleeper.isRunning)
        sleeper.signal(SIGKILL)
        let ended = sleeper.waitForExit()
        #expect(ended == .signaled(SIGKILL))
        #expect(ended.status == 137)
        #expect(!sleeper.isRunning)
        #expect(sleeper.exitStatus == 137)
    }

    @Test func aProgramThatCannotStartIsNamedInTheError() {
        #expect {
            _ = try SpawnedProcess("/nonexistent/server")
        } throws: { error in
            "\(error)".contains("could not start /nonexistent/server") && "\(error)".contains("No such file")
        }
        #expect {
            _ = try SpawnedProcess("/bin/true", directory: "/nonexistent-folder")
        } throws: { error in
            "\(error)".contains("/nonexistent-folder")
        }
    }

    @Test func outputThroughAPipeEndsWhenTheChildExits() async throws {
        let out = Pipe()
        let child = try SpawnedProcess(
            "/bin/sh",
            arguments: ["-c", "echo \"$GREETING\"; pwd"],
            environment: ["GREETING": "bonjour", "PATH": "/usr/bin:/bin"],
            directory: "/tmp",
            standardOutput: .pipe(out)
        )
        // The parent's write end was closed at the start, so this read ends with the child.
        let data = out.fileHandleForReading.readDataToEndOfFile()
        #expect(String(decoding: data, as: UTF8.self) == "bonjour\n/tmp\n")
        #expect(await child.exit() == .exited(0))
    }

    @Test func aChildStartsWithNoBlockedSignalsWhateverTheStartingThreadBlocks() throws {
        // The test runner blocks SIGTERM; a child that inherited that mask could not be stopped with SIGTERM.
        var blocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let child = try SpawnedProcess("/bin/sleep", arguments: ["30"])
        defer {
            child.signal()
            child.waitForExit()
        }
        let status = try String(contentsOfFile: "/proc/\(child.processIdentifier)/status", encoding: .utf8)
        let mask = status.split(separator: "\n").first { $0.hasPrefix("SigBlk:") }
        #expect(mask?.hasSuffix("0000000000000000") == true, "\(mask ?? "no SigBlk line")")
        child.signal(SIGTERM)
        #expect(child.waitForExit() == .signaled(SIGTERM))
    }
}
