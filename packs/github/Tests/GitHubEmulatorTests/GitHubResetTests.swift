import GitHubEmulator
import StructuredData
import Synchronization
import Testing

@Suite("GitHub emulator reset")
struct GitHubResetTests {
    @Test("a seed that fails on reset answers 500 reset_failed; the emulator keeps serving, empty")
    func failingSeedOnReset() async throws {
        let calls = Mutex(0)
        let emulator = try await GitHubEmulator.start(
            GitHubEmulator.Configuration(
                seed: .custom { state in
                    let call = calls.withLock { count in
                        count += 1
                        return count
                    }
                    try GitHubDemo.seed(state)
                    if call > 1 { try state.createRepository("acme/widgets", files: [:]) }  // exists: throws
                }
            )
        )
        defer { Task { await emulator.stop() } }
        let client = GitHubTestClient(baseURL: emulator.baseURL)
        #expect(try await client.get("/repos/acme/widgets").status == 200)
        let reset = try await client.send("POST", "/_emulator/reset")
        #expect(reset.status == 500)
        #expect(reset.json?["code"] == "reset_failed")
        #expect(try await client.send("GET", "/_emulator/health").status == 200)
        // The world is left empty, not half-seeded: even the demo token is gone.
        #expect(try await client.get("/repos/acme/widgets").status == 401)
    }

    @Test("a reset puts the demo world back")
    func resetRestoresTheDemo() async throws {
        let emulator = try await GitHubEmulator.start()
        defer { Task { await emulator.stop() } }
        let client = GitHubTestClient(baseURL: emulator.baseURL)
        #expect(
            try await client.send("DELETE", "/repos/acme/widgets/git/refs/heads/\(GitHubDemo.pullBranch)").status < 300
        )
        #expect(try await client.send("POST", "/_emulator/reset").status == 204)
        #expect(try await client.get("/repos/acme/widgets/branches/\(GitHubDemo.pullBranch)").status == 200)
    }
}
