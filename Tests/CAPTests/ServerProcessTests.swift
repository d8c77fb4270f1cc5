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
