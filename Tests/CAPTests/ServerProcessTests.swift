import Foundation
import ServerTesting
import Testing

/// The test servers' start: a fresh port per server, and "ready" only when the started process itself listens.
@Suite("Test servers: ports and readiness")
struct ServerProcessTests {
    @Test func freePortsAreNeverHandedOutTwice() throws {
        let ports = try (0..<200).map { _ in try ServerProcess.freePort() }
        #expect(Set(ports).count == ports.count)
    }

    @Test func aListenerIsAttributedToTheProcessThatHoldsIt() async throws {
        let server = try await ServerProcess.nats()
        defer { server.stop() }
        // nats-server listens on its port; this test process does not.
        #expect(ServerProcess.canConnect(port: server.port))
        #expect(!ListeningSockets.process(getpid(), listensOn: server.port))

        let refusing = try RefusingPort()
        #expect(!ListeningSockets.process(getpid(), listensOn: refusing.port))
    }

    @Test func aServerIsFoundReadyAmongHundredsOfOpenSockets() async throws {
        // The kernel's socket table is then far longer than a page: the readiness check must read all of it.
        let listeners = (0..<300).compactMap { _ in Self.listeningSocket() }
        defer { for descriptor in listeners { close(descriptor) } }
        #expect(listeners.count == 300)
        let server = try await ServerProcess.nats()
        defer { server.stop() }
        #expect(ServerProcess.canConnect(port: server.port))
    }

    /// A socket listening on a fresh 127.0.0.1 port.
    static func listeningSocket() -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard descriptor >= 0, bound, listen(descriptor, 1) == 0 else { return nil }
        return descriptor
    }

    @Test func aServerThatCannotBindItsPortIsNotReportedReady() async throws {
        let first = try await ServerProcess.redis()
        defer { first.stop() }
        // Asking for the first server's port outright fails (that redis cannot bind it) instead of reporting the
        // other server as ready.
        await #expect(throws: ServerProcess.Failure.self) {
            _ = try await ServerProcess.nats(port: first.port)
        }
        let second = try await ServerProcess.nats()
        defer { second.stop() }
        #expect(second.port != first.port)
    }
}
