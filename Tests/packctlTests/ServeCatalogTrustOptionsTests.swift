import Foundation
import Testing

/// `packctl serve --trust-catalog-key`: an unusable key is refused before anything is served.
@Suite struct ServeCatalogTrustOptionsTests {
    @Test func anUnreadableTrustedCatalogKeyExitsTwoNamingIt() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)").path
        let output = try await PackctlRunner.run([
            "serve", "--data", data, "--port", "0", "--trust-catalog-key", "/nonexistent/catalog.pub",
        ])
        #expect(output.status == 2)
        #expect(output.stderr.contains("--trust-catalog-key /nonexistent/catalog.pub"))
    }
}
