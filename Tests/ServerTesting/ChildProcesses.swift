public import Foundation
import Synchronization

/// The server and worker processes tests started and have not stopped yet. When the test process exits — also when
/// a test failed before its teardown ran, or its teardown was a task that never got to run — they are killed, so no
/// nats-server, redis-server or Python worker outlives the run.
public enum ChildProcesses {
    private static let live = Mutex<Set<Int32>>([])
    private static let installed = Mutex(false)

    /// Remembers `pid` until ``forget(_:)``; the first call installs the exit hook.
    public static func track(_ pid: Int32) {
        let first = installed.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        if first { atexit { ChildProcesses.killAll() } }
        live.withLock { _ = $0.insert(pid) }
    }

    /// Stops remembering `pid` (it was stopped).
    public static func forget(_ pid: Int32) {
        live.withLock { _ = $0.remove(pid) }
    }

    /// Kills every remembered process.
    public static func killAll() {
        for pid in live.withLock({ $0 }) { kill(pid, SIGKILL) }
    }
}

extension ChildProcesses {
    /// Exit statuses of children reaped here, by process object (Foundation never learns of those).
    private static let reaped = Mutex<[ObjectIdentifier: Int32]>([:])

    /// Waits for `process` to exit and returns its exit status (128 + the signal for a killed one), reaping it with
    /// `waitpid` itself.
    ///
    /// Why not `Process.waitUntilExit()`: on Linux, Foundation learns of a child's exit from a socket the child
    /// inherits, and a child started at the same moment from another thread can inherit that socket too; the exit is
    /// then only noticed when that other child — often a server that runs to the end of the tests — exits, and the
    /// wait hangs with the first child a zombie. After this call, ask nothing of `process`'s termination (Foundation
    /// may never learn of it): use the status returned, or ``exitStatus(of:)``.
    @discardableResult
    public static func waitForExit(_ process: Process) -> Int32 {
        defer { forget(process.processIdentifier) }
        while true {
            if let status = exitStatus(of: process) { return status }
            usleep(5_000)
        }
    }

    /// The exit status of `process` if it has exited (reaping it), else nil; never blocks.
    public static func exitStatus(of process: Process) -> Int32? {
        let key = ObjectIdentifier(process)
        return reaped.withLock { known -> Int32? in
            if let status = known[key] { return status }
            if !process.isRunning {
                let status =
                    process.terminationReason == .uncaughtSignal
                    ? 128 + process.terminationStatus : process.terminationStatus
                known[key] = status
                return status
            }
            var status: Int32 = 0
            guard waitpid(process.processIdentifier, &status, WNOHANG) == process.processIdentifier else {
                // Still running, or (ECHILD) Foundation reaped it a moment ago: isRunning turns false next time.
                return nil
            }
            let signal = status & 0x7f
            let code = signal == 0 ? (status >> 8) & 0xff : 128 + signal
            known[key] = code
            return code
        }
    }
}

extension ChildProcesses {
    /// Where children are started, one after the other.
    private static let launcher = DispatchQueue(label: "cordum.test-child-launches")

    /// Starts `process`, one start at a time in this test process: Foundation's `Process.run()` on Linux crashes
    /// (copying the launch arguments) when two starts overlap on different threads. Every test that starts a child
    /// goes through here (or through the `async` form).
    public static func launch(_ process: Process) throws {
        try launcher.sync { try process.run() }
    }

    /// Starts `process` like ``launch(_:)``, waiting for its turn without holding a thread of the cooperative pool
    /// (two on a two-core machine): a queue of starts must not stall every other test's handshakes.
    public static func launch(_ process: Process) async throws {
        let box = UncheckedProcess(process)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            launcher.async { continuation.resume(with: Result { try box.process.run() }) }
        }
    }

    /// A process handed to the launch queue; only that queue touches it until the start returns.
    private struct UncheckedProcess: @unchecked Sendable {
        let process: Process
        init(_ process: Process) { self.process = process }
    }
}
