import CAP
import Foundation
import Logging
import NIOHTTP1
import ServerTesting
import StructuredData
import Testing
import WorkerKit

@Suite("CAP worker: gateway memory fallback and artifacts", .serialized, .timeLimit(.minutes(3)))
struct GatewayAndArtifactTests {
    static let apiKey = "gw-key-7f3a9c"

    @Test("an input missing from Redis is read through GET /api/v1/memory with X-API-Key, and the key is never logged")
    func inputThroughGateway() async throws {
        let harness = try await CAPHarness()
        let gateway = try await TestHTTPServer.start { request, _ in
            guard request.uri.hasPrefix("/api/v1/memory?ptr=") else { return ScriptedResponse(status: .notFound) }
            return ScriptedResponse(
                headers: [("Content-Type", "application/json")],
                body:
                    #"{"pointer":"redis://ctx:gw-1","key":"ctx:gw-1","kind":"context","json":{"context":{"name":"via-gateway"}}}"#
            )
        }
        let logs = LogCapture()
        let seen = Box<JSONValue?>(nil)
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { context, input in
            seen.update { $0 = input }
            context.logger.info("Handler saw the key \(Self.apiKey).")
            return [:]
        }
        var configuration = harness.configuration("w-gw")
        configuration.gatewayURL = gateway.baseURL + "/"
        configuration.apiKey = Self.apiKey
        let service = CAPWorker(worker: worker, configuration: configuration, logger: logs.logger())
        let run = try await harness.start(service)
        try await harness.submit("gw-1", to: "worker.w-gw.jobs")
        _ = try await harness.redis.delete("ctx:gw-1")
        // The context written by submit was deleted before the worker could read it only if it was slow; publish a
        // second job whose context never existed in Redis to be sure.
        try await harness.submit("gw-2", to: "worker.w-gw.jobs") { $0.contextPtr = "redis://ctx:gw-1" }
        let result = try await harness.resultPacket("gw-2").jobResult
        #expect(result.status == .succeeded)
        #expect(seen.get() == ["name": "via-gateway"])
        let request = try #require(gateway.requests.first { $0.uri.contains("ctx%3Agw-1") })
        #expect(request.method == .GET)
        #expect(request.uri == "/api/v1/memory?ptr=redis%3A%2F%2Fctx%3Agw-1")
        #expect(request.headers["X-API-Key"] == [Self.apiKey])
        #expect(!logs.all.contains { $0.contains(Self.apiKey) })
        #expect(logs.all.contains { $0.contains("Handler saw the key [REDACTED]") })
        await service.shutdown()
        try await run.value
        await gateway.stop()
        await harness.stop()
    }

    @Test("a gateway 404 fails the job with context_missing; a gateway error names the URL, not the key")
    func gatewayMissAndError() async throws {
        let harness = try await CAPHarness()
        let gateway = try await TestHTTPServer.start { request, _ in
            request.uri.contains("ctx%3Agone")
                ? ScriptedResponse(status: .notFound, body: #"{"error":"not found"}"#)
                : ScriptedResponse(status: .internalServerError, body: "boom \(Self.apiKey)")
        }
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { _, _ in [:] }
        var configuration = harness.configuration("w-gw-miss")
        configuration.gatewayURL = gateway.baseURL
        configuration.apiKey = Self.apiKey
        let service = CAPWorker(worker: worker, configuration: configuration)
        let run = try await harness.start(service)
        try await harness.submit("gm-1", to: "worker.w-gw-miss.jobs") { $0.contextPtr = "redis://ctx:gone" }
        let missing = try await harness.resultPacket("gm-1").jobResult
        #expect(missing.status == .failed)
        #expect(missing.errorCode == "context_missing")
        try await harness.submit("gm-2", to: "worker.w-gw-miss.jobs") { $0.contextPtr = "redis://ctx:broken" }
        let failed = try await harness.resultPacket("gm-2").jobResult
        #expect(failed.errorCode == "gateway_error")
        #expect(failed.errorMessage.contains(gateway.baseURL))
        #expect(failed.errorMessage.contains("HTTP 500"))
        #expect(!failed.errorMessage.contains(Self.apiKey))
        await service.shutdown()
        try await run.value
        await gateway.stop()
        await harness.stop()
    }

    @Test("without a gateway, artifacts go to Redis art:<uuid> with metadata, scrubbed, and into artifact_ptrs")
    func artifactsInRedis() async throws {
        let harness = try await CAPHarness()
        let secrets = SecretRegistry(["s3cr3t-token"])
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { context, _ in
            let pointer = try await context.artifacts.put(
                text: "report with s3cr3t-token inside",
                retention: .short,
                labels: ["kind": "report"]
            )
            return ["artifact": .string(pointer)]
        }
        let service = CAPWorker(worker: worker, configuration: harness.configuration("w-art", secrets: secrets))
        let run = try await harness.start(service)
        try await harness.submit("art-1", to: "worker.w-art.jobs") { $0.tenantID = "acme" }
        let result = try await harness.resultPacket("art-1").jobResult
        #expect(result.status == .succeeded)
        let pointer = try #require(result.artifactPtrs.first)
        #expect(result.artifactPtrs.count == 1)
        #expect(pointer.hasPrefix("redis://art:"))
        let key = String(pointer.dropFirst("redis://".count))
        #expect(try await harness.redis.getString(key) == "report with [REDACTED] inside")
        guard case .seconds(let ttl) = try await harness.redis.timeToLive(key) else {
            Issue.record("the artifact has no TTL")
            return
        }
        #expect(ttl > 23 * 3600 && ttl <= 24 * 3600)
        let metaText = try #require(try await harness.redis.getString("art:meta:" + key.dropFirst("art:".count)))
        let meta = try JSONParser.parse(metaText)
        #expect(meta["content_type"] == "text/plain; charset=utf-8")
        #expect(meta["retention"] == "short")
        #expect(meta["size_bytes"] == .integer("report with [REDACTED] inside".utf8.count))
        #expect(meta["labels"] == ["kind": "report", "tenant_id": "acme", "job_id": "art-1"])
        #expect(try await harness.storedJSON(result.resultPtr) == ["artifact": .string(pointer)])
        await service.shutdown()
        try await run.value
        await harness.stop()
    }

    @Test("with a gateway, artifacts are POSTed to /api/v1/artifacts as scrubbed base64 and its pointer returned")
    func artifactsThroughGateway() async throws {
        let harness = try await CAPHarness()
        let gateway = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(body: #"{"artifact_ptr":"redis://art:from-gateway","size_bytes":9}"#)
        }
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { context, _ in
            let pointer = try await context.artifacts.put(
                Array("bin \(Self.apiKey) end".utf8),
                contentType: "application/octet-stream",
                retention: .audit
            )
            return ["artifact": .string(pointer)]
        }
        var configuration = harness.configuration("w-art-gw")
        configuration.gatewayURL = gateway.baseURL
        configuration.apiKey = Self.apiKey
        let service = CAPWorker(worker: worker, configuration: configuration)
        let run = try await harness.start(service)
        try await harness.submit("artg-1", to: "worker.w-art-gw.jobs")
        let result = try await harness.resultPacket("artg-1").jobResult
        #expect(result.status == .succeeded)
        #expect(result.artifactPtrs == ["redis://art:from-gateway"])
        let post = try #require(gateway.requests.first { $0.uri == "/api/v1/artifacts" })
        #expect(post.method == .POST)
        #expect(post.headers["X-API-Key"] == [Self.apiKey])
        let body = try JSONParser.parse(post.body, file: "body").value
        #expect(body["content_type"] == "application/octet-stream")
        #expect(body["retention"] == "audit")
        let content = try #require(body["content_base64"]?.stringValue.flatMap { Data(base64Encoded: $0) })
        #expect(String(decoding: content, as: UTF8.self) == "bin [REDACTED] end")
        #expect(body["labels"]?["job_id"] == "artg-1")
        await service.shutdown()
        try await run.value
        await gateway.stop()
        await harness.stop()
    }

    @Test("a context without a transport refuses artifacts with artifacts_unavailable")
    func unavailableWriter() async {
        let context = JobContext(jobID: "j", topic: "job.hello.echo")
        await #expect(throws: WorkerError.self) { try await context.artifacts.put(text: "x") }
    }
}
