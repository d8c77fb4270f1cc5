import JSONSchema
import StructuredData
import Testing
import WorkerKit

@Suite("Worker.execute, without a transport")
struct WorkerExecuteTests {
    struct Boom: Error, CustomStringConvertible {
        var description: String { "boom with token tok-9f8e7d" }
    }

    func worker() throws -> Worker {
        var worker = Worker(packID: "hello")
        let schema = try JSONSchema([
            "type": "object", "required": ["name"],
            "properties": ["name": ["type": "string"], "count": ["type": "integer"]],
        ])
        worker.handle("job.hello.greet", inputSchema: schema) { _, input in
            ["greeting": .string("hello \(input["name"]?.stringValue ?? "")")]
        }
        worker.handle("job.hello.fail") { _, _ in
            throw WorkerError(code: "rate_limited", message: "Try later.", retryable: true)
        }
        worker.handle("job.hello.boom") { _, _ in throw Boom() }
        worker.handle("job.hello.wait") { context, _ in
            while true {
                try context.checkCancellation()
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        return worker
    }

    @Test func runsTheTopicsHandler() async throws {
        let outcome = try await worker().execute(
            JobContext(jobID: "j", topic: "job.hello.greet"),
            input: ["name": "ada"]
        )
        #expect(outcome == .succeeded(["greeting": "hello ada"]))
    }

    @Test func schemaViolationNamesTheField() async throws {
        let outcome = try await worker().execute(
            JobContext(jobID: "j", topic: "job.hello.greet"),
            input: ["name": "ada", "count": "three"]
        )
        #expect(outcome.error?.code == .invalidInput)
        #expect(outcome.error?.message.contains("/count") == true)
    }

    @Test func typedErrorKeepsCodeAndRetryable() async throws {
        let outcome = try await worker().execute(JobContext(jobID: "j", topic: "job.hello.fail"), input: [:])
        #expect(outcome == .failed(WorkerError(code: "rate_limited", message: "Try later.", retryable: true)))
    }

    @Test func otherErrorsAreHandlerFailedAndScrubbed() async throws {
        let context = JobContext(jobID: "j", topic: "job.hello.boom", secrets: SecretRegistry(["tok-9f8e7d"]))
        let outcome = try await worker().execute(context, input: [:])
        #expect(outcome.error?.code == .handlerFailed)
        #expect(outcome.error?.message.contains("tok-9f8e7d") == false)
        #expect(outcome.error?.message.contains(SecretRegistry.mask) == true)
    }

    @Test func unknownTopicFails() async throws {
        let outcome = try await worker().execute(JobContext(jobID: "j", topic: "job.other.x"), input: [:])
        #expect(outcome.error?.code == .unknownTopic)
    }

    @Test func cancellationFlagEndsTheJobAsCancelled() async throws {
        let flag = CancellationFlag()
        let worker = try worker()
        async let outcome = worker.execute(
            JobContext(jobID: "j", topic: "job.hello.wait", cancellation: flag),
            input: [:]
        )
        try await Task.sleep(for: .milliseconds(20))
        flag.cancel(reason: "stop")
        let result = await outcome
        #expect(result == .cancelled(WorkerError(code: .cancelled, message: "stop")))
    }
}
