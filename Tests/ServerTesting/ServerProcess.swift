import Foundation
import Synchronization

/// Test support shared by the CAP and WorkerKit tests.
///
/// A real server process (nats-server or redis-server) on a free 127.0.0.1 port, killed on `stop()`.
public final class ServerProcess: @unchecked Sendable {
    public let port: Int
    private let process: SpawnedProcess
    private let binary: String
    private let arguments: [String]
    private let startTimeout: Duration

    public enum Failure: Error, CustomStringConvertible {
        case missingBinary(String)
        case didNotStart(String)
        case exitedEarly(String, port: Int, status: Int32)
        public var description: String {
            switch self {
            case .missingBinary(let name):
                "\(name) is not installed: the tests run the real server. Install it with: apt-get install -y \(name)"
            case .didNotStart(let name): "\(name) did not accept connections in time"
            case .exitedEarly(let name, let port, let status):
                "\(name) exited with status \(status) before it listened on 127.0.0.1:\(port) (another process took the port?)"
            }
        }
    }

    public static func locate(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders =
            path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/sbin"]
        for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        throw Failure.missingBinary(name)
    }

    /// Starts nats-server; extra arguments add auth (`--auth TOKEN`, `--user U --pass P`).
    public static func nats(_ extra: [String] = [], port: Int? = nil) async throws -> ServerProcess {
        let binary = try locate("nats-server")
        return try await onFreshPort(fixed: port) { port in
            try await ServerProcess(
                binary: binary,
                arguments: ["-a", "127.0.0.1", "-p", String(port)] + extra,
                port: port
            )
        }
    }

    /// Starts nats-server with a configuration file whose body is `configuration` (authorization, tls blocks);
    /// the listen address is added.
    public static func nats(configuration: String) async throws -> ServerProcess {
        let binary = try locate("nats-server")
        return try await onFreshPort { port in
            try await nats(binary: binary, configuration: configuration, port: port)
        }
    }

    private static func nats(binary: String, configuration: String, port: Int) async throws -> ServerProcess {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nats-\(UUID().uuidString).conf")
        // nats-server gives a client 2 s to authenticate and to finish its TLS handshake; a test process running every
        // suite at once on two cores can take far longer to answer (seen: over 10 s), so the tests' servers wait 60 s.
        let patient =
            configuration
            .replacingOccurrences(of: "authorization {", with: "authorization { timeout: 60\n")
            .replacingOccurrences(of: "tls {", with: "tls { timeout: 60\n")
        try "listen: 127.0.0.1:\(port)\n\(patient)\n".write(to: file, atomically: true, encoding: .utf8)
        return try await ServerProcess(binary: binary, arguments: ["-c", file.path], port: port)
    }

    /// Starts redis-server without persistence; `password` sets `requirepass`; `extra` adds configuration
    /// directives (`--user alice on >secret ~* &* +@all`).
    public static func redis(password: String? = nil, extra: [String] = []) async throws -> ServerProcess {
        let binary = try locate("redis-server")
        return try await onFreshPort { port in
            var arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            if let password { arguments += ["--requirepass", password] }
            return try await ServerProcess(binary: binary, arguments: arguments + extra, port: port)
        }
    }

    /// Starts redis-server serving only TLS, with the test PKI; `verifyClients` demands a client certificate.
    public static func redisTLS(
        _ certificates: TestCertificates,
        verifyClients: Bool,
        password: String? = nil
    ) async throws -> ServerProcess {
        let binary = try locate("redis-server")
        let auth = password.map { ["--requirepass", $0] } ?? []
        return try await onFreshPort { port in
            let arguments =
                auth + [
                    "--port", "0", "--tls-port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                    "no", "--tls-cert-file", certificates.serverCertificate, "--tls-key-file", certificates.serverKey,
                    "--tls-ca-cert-file", certificates.caFile, "--tls-auth-clients", verifyClients ? "yes" : "no",
                ]
            return try await ServerProcess(binary: binary, arguments: arguments, port: port)
        }
    }

    /// Starts any server `name` (found on `PATH` or in the usual folders) with `arguments`, which make it listen on
    /// 127.0.0.1:`port`, and waits up to `startTimeout` for it to accept connections (Prometheus and Alertmanager).
    public static func launch(
        _ name: String,
        arguments: [String],
        port: Int,
        startTimeout: Duration = .seconds(90)
    ) async throws -> ServerProcess {
        try await ServerProcess(binary: locate(name), arguments: arguments, port: port, startTimeout: startTimeout)
    }

    private init(binary: String, arguments: [String], port: Int, startTimeout: Duration = .seconds(90)) async throws {
        self.binary = binary
        self.arguments = arguments
        self.port = port
        self.startTimeout = startTimeout
        process = try SpawnedProcess(binary, arguments: arguments)
        try await waitUntilAccepting()
    }

    /// Starts the same server again on the same port (servers wait up to 90 s to accept: the machine may be loaded).
    public func restarted() async throws -> ServerProcess {
        try await ServerProcess(binary: binary, arguments: arguments, port: port, startTimeout: startTimeout)
    }

    /// Waits until this server — not some other process that took the port between ``freePort()`` and the start —
    /// listens on the port. A server that exits first (it could not bind) throws ``Failure/exitedEarly(_:port:status:)``.
    private func waitUntilAccepting() async throws {
        let name = URL(fileURLWithPath: binary).lastPathComponent
        let pid = process.processIdentifier
        let deadline = ContinuousClock.now + startTimeout
        while ContinuousClock.now < deadline {
            if let status = process.exitStatus {
                throw Failure.exitedEarly(name, port: port, status: status)
            }
            if Self.canConnect(port: port), ListeningSockets.process(pid, listensOn: port) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        stop()
        throw Failure.didNotStart(name)
    }

    /// Starts a server with `start` on a fresh port (or on `fixed`), trying again on another fresh port when the
    /// server exits before it listens: a port found free can be taken by another process before the server binds it.
    private static func onFreshPort(
        fixed: Int? = nil,
        _ start: (Int) async throws -> ServerProcess
    ) async throws -> ServerProcess {
        if let fixed { return try await start(fixed) }
        var attempt = 1
        while true {
            do {
                return try await start(try freePort())
            } catch Failure.exitedEarly where attempt < 4 {
                attempt += 1
            }
        }
    }

    public func stop() {
        process.signal(SIGKILL)
        process.waitForExit()
    }

    deinit { stop() }

    /// Ports ``freePort()`` handed out in this test process.
    private static let handedOut = Mutex<Set<Int>>([])

    /// A 127.0.0.1 port nothing listens on now (it was bound, then released), never handed out before in this test
    /// process: the kernel may offer a just-released port again, and two servers of parallel tests must not both be
    /// told to use it.
    public static func freePort() throws -> Int {
        for _ in 0..<100 {
            let port = try RefusingPort().port
            if handedOut.withLock({ $0.insert(port).inserted }) { return port }
        }
        throw Failure.didNotStart("a free port")
    }

    public static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// Polls `condition` every 10 ms for up to `timeout` (30 s by default: generous, since CI runs every suite at once on
/// two cores and a passing condition returns at once).
public func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return false
}
