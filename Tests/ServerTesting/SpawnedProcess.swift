public import Foundation
import Synchronization

/// A child process the tests started with `posix_spawn`, and its exit.
///
/// Why not Foundation's `Process`: on Linux its `run()` finds the descriptors to close in the child by reading
/// `/proc/self/fd`, and copies each directory entry's whole 256-byte name field, past the end of the entry. With more
/// than about 1,300 descriptors open (a full test run holds that many sockets and databases), the directory buffer
/// is full, the last entry sits at its end, and the copy reads past the buffer: the test process crashes in `memcpy`
/// when the next page is not mapped. It also lets a child started at the same moment inherit the write end of
/// another child's pipe, and learns of an exit through a socket that such a child can inherit too.
///
/// Why not swift-subprocess (which WorkerKit uses): its `run` keeps the child inside one closure's scope, and the
/// tests hold servers across a test's setup, body and teardown, start them from synchronous code, and kill them by
/// process id from an exit hook. This type is that one thing, written by hand: `posix_spawn` with
/// `addclosefrom_np(3)`, so the child closes every descriptor but its three standard ones at `exec` — nothing leaks
/// into it, whatever other threads open meanwhile — with the default signal mask and dispositions (the test runner
/// blocks SIGTERM, and a mask is inherited), in its own process group (like Foundation's), and reaped with `waitpid`.
public final class SpawnedProcess: Sendable {
    /// Where a standard stream of the child goes.
    public enum Stream: @unchecked Sendable {
        /// `/dev/null`.
        case null
        /// The test process's own stream.
        case inherit
        /// An open file (the child gets a duplicate; the caller keeps and closes its handle).
        case file(FileHandle)
        /// A pipe: the child gets the read end for standard input, the write end for its output; the parent's copy
        /// of that end is closed once the child started, so reading the other end meets its end when the child exits.
        case pipe(Pipe)
    }

    /// How the process ended.
    public enum Termination: Sendable, Equatable {
        /// It exited with this code.
        case exited(Int32)
        /// A signal killed it.
        case signaled(Int32)

        /// The exit code, or 128 + the signal, as a shell reports it.
        public var status: Int32 {
            switch self {
            case .exited(let code): code
            case .signaled(let signal): 128 + signal
            }
        }
    }

    /// Why a start failed.
    public struct StartFailure: Error, CustomStringConvertible {
        /// The program.
        public let executable: String
        /// What failed.
        public let reason: String
        public var description: String { "could not start \(executable): \(reason)" }
    }

    /// The child's process id.
    public let processIdentifier: Int32
    private let ended = Mutex<Termination?>(nil)

    /// Starts `executable` (a path; no `PATH` search) with `arguments`.
    /// - Parameters:
    ///   - environment: the child's whole environment; nil passes this process's.
    ///   - directory: the child's working directory; nil keeps this process's.
    /// - Throws: ``StartFailure`` naming the program and the `errno` text (a missing or non-executable program, a
    ///   bad directory).
    public init(
        _ executable: String,
        arguments: [String] = [],
        environment: [String: String]? = nil,
        directory: String? = nil,
        standardInput: Stream = .null,
        standardOutput: Stream = .null,
        standardError: Stream = .null
    ) throws {
        func failure(_ what: String, _ code: Int32) -> StartFailure {
            StartFailure(executable: executable, reason: "\(what): \(String(cString: strerror(code)))")
        }
        guard let addCloseFrom = Self.addCloseFrom else {
            throw StartFailure(
                executable: executable,
                reason: "this C library has no posix_spawn_file_actions_addclosefrom_np"
            )
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        var opened: [Int32] = []
        defer { for descriptor in opened { close(descriptor) } }
        var parentEnds: [FileHandle] = []
        for (target, stream) in [(Int32(0), standardInput), (1, standardOutput), (2, standardError)] {
            let source: Int32
            switch stream {
            case .inherit:
                continue
            case .null:
                let descriptor = open("/dev/null", target == 0 ? O_RDONLY : O_WRONLY)
                guard descriptor >= 0 else { throw failure("/dev/null", errno) }
                opened.append(descriptor)
                source = descriptor
            case .file(let handle):
                source = handle.fileDescriptor
            case .pipe(let pipe):
                let end = target == 0 ? pipe.fileHandleForReading : pipe.fileHandleForWriting
                source = end.fileDescriptor
                parentEnds.append(end)
            }
            let code = posix_spawn_file_actions_adddup2(&actions, source, target)
            guard code == 0 else { throw failure("redirecting descriptor \(target)", code) }
        }
        guard access(executable, X_OK) == 0 else { throw failure("not an executable file", errno) }
        if let directory {
            var status = stat()
            guard stat(directory, &status) == 0 else { throw failure("directory \(directory)", errno) }
            guard status.st_mode & S_IFMT == S_IFDIR else { throw failure("directory \(directory)", ENOTDIR) }
            guard let addChdir = Self.addChdir else {
                throw StartFailure(
                    executable: executable,
                    reason: "this C library has no posix_spawn_file_actions_addchdir_np"
                )
            }
            let code = directory.withCString { addChdir(&actions, $0) }
            guard code == 0 else { throw failure("directory \(directory)", code) }
        }
        let code = addCloseFrom(&actions, 3)
        guard code == 0 else { throw failure("closing descriptors", code) }

        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes,
            Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP)
        )

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let variables = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { for pointer in variables ?? [] { free(pointer) } }

        var pid: pid_t = 0
        let spawned: Int32
        if let variables {
            spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, variables)
        } else {
            spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        }
        guard spawned == 0 else { throw failure("posix_spawn", spawned) }
        processIdentifier = pid
        for end in parentEnds { try? end.close() }
        ChildProcesses.track(pid)
    }

    /// How the process ended, once it has (reaping it); nil while it runs. Never blocks.
    public var termination: Termination? {
        ended.withLock { known -> Termination? in
            if let known { return known }
            var status: Int32 = 0
            let result = waitpid(processIdentifier, &status, WNOHANG)
            guard result == processIdentifier else { return nil }
            let signal = status & 0x7f
            let outcome: Termination = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
            known = outcome
            ChildProcesses.forget(processIdentifier)
            return outcome
        }
    }

    /// The exit code (128 + the signal for a killed process) once it ended; nil while it runs.
    public var exitStatus: Int32? { termination?.status }

    /// Whether the process still runs.
    public var isRunning: Bool { termination == nil }

    /// Sends `signal` (SIGKILL unless told) if the process still runs.
    public func signal(_ signal: Int32 = SIGKILL) {
        if isRunning { kill(processIdentifier, signal) }
    }

    /// Blocks this thread until the process ends.
    @discardableResult
    public func waitForExit() -> Termination {
        while true {
            if let termination { return termination }
            usleep(5_000)
        }
    }

    /// Waits for the process to end without holding a thread.
    @discardableResult
    public func exit() async -> Termination {
        while true {
            if let termination { return termination }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Runs `executable` to its end and returns its status (128 + the signal for a killed one).
    @discardableResult
    public static func run(
        _ executable: String,
        arguments: [String] = [],
        environment: [String: String]? = nil,
        directory: String? = nil
    ) throws -> Int32 {
        try SpawnedProcess(executable, arguments: arguments, environment: environment, directory: directory)
            .waitForExit().status
    }

    /// glibc's spawn actions outside POSIX (2.34 and 2.29), which Swift's Glibc module does not import.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias Chdir =
        @convention(c) (
            UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>
        ) -> Int32
    private static let addCloseFrom: CloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    private static let addChdir: Chdir? = symbol("posix_spawn_file_actions_addchdir_np")

    private static func symbol<T>(_ name: String) -> T? {
        guard let address = dlsym(nil, name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }
}
