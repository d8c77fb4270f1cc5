import Foundation

/// A nats-server or redis-server the benchmark starts on a free 127.0.0.1 port and kills afterwards.
final class BenchServer: Sendable {
    let port: Int
    private let process: Process

    /// nats-server on a free port.
    static func nats() throws -> BenchServer {
        let port = try freePort()
        return try BenchServer("nats-server", ["-a", "127.0.0.1", "-p", String(port)], port: port)
    }

    /// redis-server on a free port, without persistence.
    static func redis() throws -> BenchServer {
        let port = try freePort()
        return try BenchServer(
            "redis-server",
            ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            port: port
        )
    }

    private init(_ name: String, _ arguments: [String], port: Int) throws {
        let candidates = ["/usr/sbin", "/usr/bin", "/usr/local/bin"].map { "\($0)/\(name)" }
        guard let binary = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw BenchFailure("\(name) is not installed; install it with: apt-get install -y \(name)")
        }
        self.port = port
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<250 {
            if Self.canConnect(port: port) { return }
            usleep(20_000)
        }
        stop()
        throw BenchFailure("\(name) did not accept connections on port \(port) within 5 seconds")
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw BenchFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
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

/// A setup failure, with what to do about it.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
