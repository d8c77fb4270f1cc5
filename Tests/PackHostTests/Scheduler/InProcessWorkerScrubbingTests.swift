import Foundation
import Logging
import PackHost
import PackTesting
import StructuredData
import Synchronization
import Testing
import WorkerKit
import WorkflowEngine

/// A built-in worker (`packctl dev`, `serve --dev-workers`) runs in the host's process: whatever its handler puts in
/// results, errors, progress or logs must lose the worker's secrets, in every form the handler may encode them.
@Suite("In-process worker scrubbing")
struct InProcessWorkerScrubbingTests {
    static let token = "ghp_Tok/en+Se=cret 42\"&é"

    /// The token as a handler might encode it before echoing it.
    static var echoes: [String] {
        let unreserved = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
        )
        let percent = token.addingPercentEncoding(withAllowedCharacters: unreserved)!
        let base64 = Data(token.utf8).base64EncodedString()
        let base64URL = base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return [
            token, percent, percent.replacingOccurrences(of: "%20", with: "+"),
            String(String(decoding: try! JSONEncoder().encode(token), as: UTF8.self).dropFirst().dropLast()),
            base64, base64.replacingOccurrences(of: "=", with: ""), base64URL,
            base64URL.replacingOccurrences(of: "=", with: ""),
        ]
    }

    /// A worker whose handlers echo the token in every form through every channel a handler has.
    static func leakyWorker() -> Worker {
        var worker = Worker(packID: "leaky")
        worker.handle("job.leaky.echo") { context, _ in
            for echo in echoes {
                await context.progress.report(percent: 50, message: "using \(echo)")
                context.logger.info("calling the vendor with \(echo)", metadata: ["authorization": "\(echo)"])
            }
            return ["echoes": .array(echoes.map { .string("token=\($0)") })]
        }
        worker.handle("job.leaky.fail") { _, _ in
            throw WorkerError(code: "vendor_error", message: "the vendor refused \(echoes.joined(separator: " and "))")
        }
        return worker
    }

    static func assignment(_ topic: String) -> JobAssignment {
        JobAssignment(
            job: HostJob(
                id: "job-1",
                tenantID: "default",
                principal: "alice",
                topic: topic,
                input: [:],
                createdAt: Timestamp(milliseconds: 0)
            ),
            riskTags: [],
            requires: []
        )
    }

    @Test func aBuiltInWorkerThatEchoesItsTokenInEveryFormLeaksNothing() async throws {
        let logs = LogRecorder()
        let progress = Mutex<[String]>([])
        let worker = InProcessWorker(
            Self.leakyWorker(),
            secrets: SecretRegistry([Self.token]),
            logger: logs.logger(label: "test"),
            progress: { _, _, message in progress.withLock { $0.append(message) } }
        )
        let succeeded = await worker.run(Self.assignment("job.leaky.echo"))
        guard case .succeeded(let output) = succeeded else {
            Issue.record("expected success, got \(succeeded)")
            return
        }
        let failed = await worker.run(Self.assignment("job.leaky.fail"))
        guard case .failed(let failure) = failed else {
            Issue.record("expected a failure, got \(failed)")
            return
        }
        let everything =
            [JSONEncoding.compact(output), failure.message] + progress.withLock { $0 } + logs.all
        #expect(progress.withLock { $0.count } == Self.echoes.count)
        #expect(logs.all.count >= Self.echoes.count)
        for text in everything {
            for echo in Self.echoes {
                #expect(!text.contains(echo), "leaked \(echo) in \(text)")
            }
            #expect(text.contains(SecretRegistry.mask))
        }
    }
}
