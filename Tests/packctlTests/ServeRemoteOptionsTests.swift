import Foundation
import Testing

/// `packctl serve --nats/--redis/--remote-pool`: what is refused before anything is served.
@Suite struct ServeRemoteOptionsTests {
    static func data() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)").path
    }

    @Test func remoteWorkersNeedBothNATSAndRedis() async throws {
        let onlyNATS = try await PackctlRunner.run(["serve", "--data", Self.data(), "--nats", "nats://127.0.0.1:4222"])
        #expect(onlyNATS.status == 64)
        #expect(onlyNATS.stderr.contains("both --nats and --redis"))
        let poolAlone = try await PackctlRunner.run(["serve", "--data", Self.data(), "--remote-pool", "hello"])
        #expect(poolAlone.status == 64)
        #expect(poolAlone.stderr.contains("--remote-pool needs --nats and --redis"))
    }

    @Test func anOTLPEndpointThatIsNotAnHTTPURLIsRefusedByName() async throws {
        let option = try await PackctlRunner.run(["serve", "--data", Self.data(), "--otlp-endpoint", "ftp://collector"])
        #expect(option.status == 64)
        #expect(option.stderr.contains("--otlp-endpoint") && option.stderr.contains("ftp://collector"))
        let environment = try await PackctlRunner.run(
            ["dev", "--data", Self.data(), "--no-emulators"],
            environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318"]
        )
        #expect(environment.status == 64)
        #expect(environment.stderr.contains("collector:4318"))
    }

    @Test func aWorkerAllowListNeedsTheBusAndWellFormedEntries() async throws {
        let alone = try await PackctlRunner.run(["serve", "--data", Self.data(), "--allow-worker", "hello=w1"])
        #expect(alone.status == 64)
        #expect(alone.stderr.contains("--allow-worker needs --nats and --redis"))
        let malformed = try await PackctlRunner.run([
            "serve", "--data", Self.data(), "--nats", "nats://127.0.0.1:1", "--redis", "redis://127.0.0.1:1",
            "--allow-worker", "hello",
        ])
        #expect(malformed.status == 64)
        #expect(malformed.stderr.contains("POOL=WORKER_ID"))
    }

    @Test func aMalformedBusCredentialIsRefusedWithoutShowingIt() async throws {
        let output = try await PackctlRunner.run(
            [
                "serve", "--data", Self.data(), "--nats", "nats://127.0.0.1:1", "--redis", "redis://127.0.0.1:1",
            ],
            environment: ["NATS_NKEY": "SUnot-a-seed-but-a-secret"]
        )
        #expect(output.status == 64)
        #expect(output.stderr.contains("NATS_NKEY"))
        #expect(!output.stderr.contains("not-a-seed-but-a-secret"))
    }

    @Test func anUnreachableNATSServerExitsTwo() async throws {
        let output = try await PackctlRunner.run([
            "serve", "--data", Self.data(), "--port", "0", "--nats", "nats://127.0.0.1:1", "--redis",
            "redis://127.0.0.1:1",
        ])
        #expect(output.status == 2)
        #expect(output.stderr.contains("NATS cannot be reached"))
    }
}
