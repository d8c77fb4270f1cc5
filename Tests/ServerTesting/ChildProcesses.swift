import Foundation
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
