import Foundation
import PackHost
import StructuredData
import Testing

/// `packctl artifact` on the embedded host: text is printed, anything can be saved, and what cannot be shown or
/// found is exit 2 naming the pointer.
@Suite struct ArtifactCommandTests {
    /// A data folder with a Markdown report and a PNG in the default tenant.
    static func host() throws -> (data: String, report: String, image: String) {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("packctl-art-\(UUID().uuidString)")
            .path
        let services = try HostServices.open(paths: HostPaths(dataDirectory: data))
        let report = try services.artifacts.put(
            tenant: "default",
            content: Array("# Report\n\nAll good.\n".utf8),
            contentType: "text/markdown; charset=utf-8"
        )
        let image = try services.artifacts.put(
            tenant: "default",
            content: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF],
            contentType: "image/png"
        )
        return (data, report.pointer, image.pointer)
    }

    @Test func printsTextAndSavesAnything() async throws {
        let (data, report, image) = try Self.host()
        let printed = try await PackctlRunner.run(["artifact", report, "--data", data])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout == "# Report\n\nAll good.\n")

        let binary = try await PackctlRunner.run(["artifact", image, "--data", data])
        #expect(binary.status == 2)
        #expect(binary.stderr.contains("\(image) is image/png, not text: save it with --out FILE"))

        let file = data + "/chart.png"
        let saved = try await PackctlRunner.run(["artifact", image, "--out", file, "--data", data])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stdout.contains("wrote 9 bytes (image/png)"))
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: file))
                == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF])
        )

        let json = try await PackctlRunner.run(["artifact", report, "--format", "json", "--data", data])
        let answer = try JSONParser.parse(json.stdout)
        #expect(answer["artifact_ptr"] == .string(report))
        #expect(answer["metadata"]?["content_type"] == "text/markdown; charset=utf-8")
    }

    @Test func aPointerNotFoundIsExitTwo() async throws {
        let (data, report, _) = try Self.host()
        let missing = try await PackctlRunner.run([
            "artifact", "redis://art:00000000-0000-4000-8000-000000000000", "--data", data,
        ])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("error:"))
        let otherTenant = try await PackctlRunner.run(["artifact", report, "--tenant", "other", "--data", data])
        #expect(otherTenant.status == 2)
        let notAPointer = try await PackctlRunner.run(["artifact", "s3://bucket/key", "--data", data])
        #expect(notAPointer.status == 2)
        #expect(notAPointer.stderr.contains("s3://bucket/key"))
    }

    @Test func readsFromARunningHost() async throws {
        let (data, report, _) = try Self.host()
        let server = try await HostRemoteTests.Server(data: data)
        defer { _ = server.stop() }
        let printed = try await PackctlRunner.run(["artifact", report, "--host", server.url, "--api-key", server.key])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout == "# Report\n\nAll good.\n")
    }
}
