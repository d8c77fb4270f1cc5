import Foundation
import PackHost
import StructuredData
import Testing
import WorkflowEngine

@Suite struct ArtifactStoreTests {
    let clock = ManualClock()
    let artifacts: ArtifactStore

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("artifacts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = try HostDatabase(path: folder.appendingPathComponent("host.sqlite").path)
        artifacts = ArtifactStore(database: database, clock: clock, maximumBytes: 1000)
    }

    func code(_ body: () throws -> Void) -> HostError.Code? {
        do {
            try body()
            return nil
        } catch { return (error as? HostError)?.code }
    }

    @Test func anArtifactRoundTripsWithItsMetadata() throws {
        let content = Array("report body".utf8)
        let receipt = try artifacts.put(
            tenant: "acme",
            content: content,
            contentType: "text/plain",
            retention: .audit,
            labels: ["run_id": "run-1", "tenant_id": "spoofed"]
        )
        #expect(receipt.pointer.hasPrefix("redis://art:"))
        #expect(receipt.json == ["artifact_ptr": .string(receipt.pointer), "size_bytes": 11])
        let artifact = try artifacts.get(tenant: "acme", pointer: receipt.pointer)
        #expect(artifact.content == content)
        #expect(artifact.info.expiresAt == clock.now().adding(seconds: 30 * 86_400))
        #expect(
            artifact.json == [
                "artifact_ptr": .string(receipt.pointer),
                "content_base64": .string(Data(content).base64EncodedString()),
                "metadata": [
                    "content_type": "text/plain", "size_bytes": 11, "retention": "audit",
                    "labels": ["run_id": "run-1", "tenant_id": "acme"],
                    "sha256": "fc54daf6865cec6354a8ada602faade2a408b3acbe4d2357274d21f7cd0cb9e1",
                ],
            ]
        )
        let key = "art:" + receipt.pointer.dropFirst("redis://art:".count)
        #expect(try artifacts.get(tenant: "acme", pointer: key) == artifact)
    }

    @Test func retentionDefaultsToStandardAndParsesStrictly() throws {
        let receipt = try artifacts.put(tenant: "acme", content: [1])
        let info = try artifacts.get(tenant: "acme", pointer: receipt.pointer).info
        #expect(info.metadata.retention == .standard)
        #expect(info.metadata.contentType == "application/octet-stream")
        #expect(info.expiresAt == clock.now().adding(seconds: 7 * 86_400))
        #expect(try ArtifactRetention(parsing: nil) == .standard)
        #expect(try ArtifactRetention(parsing: "") == .standard)
        #expect(try ArtifactRetention(parsing: "short").ttlMilliseconds == 86_400_000)
        #expect(
            throws: HostError(
                .invalidArgument,
                "unknown retention \"forever\"; valid retentions: short (24 h), standard (7 d), audit (30 d)"
            )
        ) { try ArtifactRetention(parsing: "forever") }
    }

    @Test func contentOverTheLimitIsRefusedNamingBothSizes() throws {
        #expect(throws: HostError(.tooLarge, "the artifact is 11 bytes; the limit is 10 bytes")) {
            try artifacts.put(tenant: "acme", content: Array("0123456789A".utf8), maxBytes: 10)
        }
        #expect(
            throws: HostError(.tooLarge, "the artifact is 1001 bytes; the limit is 1000 bytes"),
            "the store's limit caps the request's"
        ) {
            try artifacts.put(tenant: "acme", content: [UInt8](repeating: 0, count: 1001), maxBytes: 5000)
        }
        #expect(try artifacts.put(tenant: "acme", content: Array("0123456789".utf8), maxBytes: 10).sizeBytes == 10)
        #expect(try artifacts.list(tenant: "acme").count == 1, "refused uploads store nothing")
    }

    @Test func listsAreNewestFirstAndFilterByLabel() throws {
        let first = try artifacts.put(tenant: "acme", content: [1], labels: ["run_id": "run-1"])
        clock.advance(milliseconds: 10)
        let second = try artifacts.put(tenant: "acme", content: [2], labels: ["run_id": "run-2"])
        clock.advance(milliseconds: 10)
        let third = try artifacts.put(tenant: "acme", content: [3], labels: ["run_id": "run-1", "step": "s"])
        _ = try artifacts.put(tenant: "globex", content: [4], labels: ["run_id": "run-1"])
        #expect(try artifacts.list(tenant: "acme").map(\.pointer) == [third.pointer, second.pointer, first.pointer])
        #expect(
            try artifacts.list(tenant: "acme", label: ("run_id", "run-1")).map(\.pointer) == [
                third.pointer, first.pointer,
            ]
        )
        #expect(try artifacts.list(tenant: "acme", label: ("tenant_id", "globex")).isEmpty)
        #expect(try artifacts.list(tenant: "acme", limit: 1).map(\.pointer) == [third.pointer])
        #expect(code { _ = try artifacts.list(tenant: "acme", limit: 0) } == .invalidArgument)
    }

    @Test func anotherTenantsArtifactIsNotFoundLikeAMissingOne() throws {
        let receipt = try artifacts.put(tenant: "acme", content: [1])
        let id = receipt.pointer.dropFirst("redis://art:".count)
        #expect(throws: HostError(.notFound, "no artifact at \(receipt.pointer)")) {
            try artifacts.get(tenant: "globex", pointer: receipt.pointer)
        }
        #expect(
            code { _ = try artifacts.get(tenant: "acme", pointer: "redis://art:\(UUID().uuidString.lowercased())") }
                == .notFound
        )
        #expect(try artifacts.list(tenant: "globex").isEmpty)
        for bad in ["redis://res:\(id)", "redis://art:", "art:meta:\(id)", "s3://bucket/\(id)"] {
            #expect(code { _ = try artifacts.get(tenant: "acme", pointer: bad) } == .invalidArgument, "\(bad)")
        }
    }

    @Test func artifactsExpireWithTheirRetentionAndArePurged() throws {
        let short = try artifacts.put(tenant: "acme", content: [1], retention: .short, labels: ["run_id": "r"])
        let standard = try artifacts.put(tenant: "acme", content: [2], retention: .standard)
        clock.advance(milliseconds: 86_400_000)
        #expect(code { _ = try artifacts.get(tenant: "acme", pointer: short.pointer) } == .notFound)
        #expect(try artifacts.list(tenant: "acme").map(\.pointer) == [standard.pointer])
        #expect(try artifacts.list(tenant: "acme", label: ("run_id", "r")).isEmpty)
        #expect(try artifacts.purgeExpired() == 1)
        #expect(try artifacts.get(tenant: "acme", pointer: standard.pointer).content == [2])
    }

    @Test func labelKeysMustNotBeEmptyAndTheTenantIsRequired() throws {
        #expect(code { _ = try artifacts.put(tenant: "acme", content: [1], labels: ["": "x"]) } == .invalidArgument)
        #expect(code { _ = try artifacts.put(tenant: "", content: [1]) } == .invalidArgument)
    }
}
