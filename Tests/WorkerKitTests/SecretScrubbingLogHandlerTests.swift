import CAP
import Logging
import StructuredData
import Testing
import WorkerKit

@Suite("Secret-scrubbing log handler")
struct SecretScrubbingLogHandlerTests {
    @Test("messages, metadata (nested), handler metadata and errors lose every registered secret")
    func scrubsEverything() {
        let capture = LogCapture()
        let secrets = SecretRegistry(["tok-123456"])
        var logger = capture.logger().scrubbingSecrets(secrets)
        logger[metadataKey: "auth"] = "Bearer tok-123456"
        logger.info(
            "calling with tok-123456",
            metadata: [
                "header": "tok-123456",
                "nested": .dictionary(["list": .array(["a", "tok-123456"])]),
                "count": .stringConvertible(3),
            ]
        )
        let line = capture.all.joined(separator: "\n")
        #expect(!line.contains("tok-123456"))
        #expect(line.contains("calling with [REDACTED]"))
        #expect(line.contains("auth=Bearer [REDACTED]"))
        #expect(line.contains("count=3"))
    }

    @Test("a secret registered after the logger was made is scrubbed too; wrapping twice does not nest")
    func lateSecretsAndDoubleWrapping() {
        let capture = LogCapture()
        let secrets = SecretRegistry()
        let logger = capture.logger().scrubbingSecrets(secrets).scrubbingSecrets(secrets)
        #expect(
            !(logger.handler is SecretScrubbingLogHandler)
                || {
                    let handler = logger.handler as! SecretScrubbingLogHandler
                    return !(handler.wrapped is SecretScrubbingLogHandler)
                }()
        )
        secrets.register("late-secret-value")
        logger.warning("got late-secret-value from the vault")
        #expect(capture.all.count == 1)
        #expect(capture.all.first?.contains("got [REDACTED] from the vault") == true)
    }

    @Test("a handler's context.logger on a CAP job is scrubbed")
    func contextLoggerIsScrubbed() async throws {
        let harness = try await CAPHarness()
        let capture = LogCapture()
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { context, _ in
            context.logger.error("vendor said: token=handler-secret-42", metadata: ["echo": "handler-secret-42"])
            return [:]
        }
        let secrets = SecretRegistry(["handler-secret-42"])
        let service = CAPWorker(
            worker: worker,
            configuration: harness.configuration("w-logs", secrets: secrets),
            logger: capture.logger()
        )
        let run = try await harness.start(service)
        try await harness.submit("log-1", to: "worker.w-logs.jobs")
        #expect(try await harness.resultPacket("log-1").jobResult.status == .succeeded)
        await service.shutdown()
        try await run.value
        await harness.stop()
        #expect(capture.all.contains { $0.contains("vendor said: token=[REDACTED]") })
        #expect(!capture.all.contains { $0.contains("handler-secret-42") })
    }
}
