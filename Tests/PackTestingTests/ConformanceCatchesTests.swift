import Foundation
import HelloWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// The conformance suite fails a pack that breaks its promises, and names what broke.
@Suite("Conformance: what the suite catches")
struct ConformanceCatchesTests {
    @Test("a worker serving a topic pack.yaml does not declare, and a topic without a sample input")
    func topicsThatDoNotMatch() async throws {
        let scratch = try ScratchPack(declaration: "actions:\n  job.hello.greet:\n    input: {name: Ada}\n")
        defer { scratch.remove() }
        let extra = WorkerRegistration(packID: "hello") { _ in
            var worker = HelloWorker.make()
            worker.handle("job.hello.wave") { _, _ in ["waved": true] }
            return worker
        }
        let report = try await PackConformance(try scratch.pack(worker: extra)).checkTopics()
        #expect(report.problems.contains { $0.contains("serves job.hello.wave, which pack.yaml does not declare") })
        #expect(report.problems.contains { $0.contains("job.hello.guestbook.sign has no sample input") })
        #expect(report.problems.count == 2)
    }

    @Test("a write whose dry run does not say so, and an output that breaks its schema")
    func dryRunAndSchemas() async throws {
        let scratch = try ScratchPack(declaration: ScratchPack.helloDeclaration)
        defer { scratch.remove() }
        let careless = WorkerRegistration(packID: "hello") { _ in
            var worker = Worker(packID: "hello")
            worker.handle(HelloWorker.greetTopic) { _, _ in ["greeting": 42] }
            worker.handle(HelloWorker.signTopic) { _, _ in ["entry_id": "gb-0", "created": true] }
            return worker
        }
        let report = try await PackConformance(try scratch.pack(worker: careless)).checkActions()
        #expect(report.problems.contains { $0.contains("the output of job.hello.greet violates hello/GreetOutput") })
        #expect(report.problems.contains { $0.contains("the dry run of job.hello.guestbook.sign does not say") })
        #expect(try await PackConformance(try scratch.pack()).checkActions().problems.isEmpty)
    }

    @Test("a credential in an output, though the worker never registered it as a secret")
    func leakedCredential() async throws {
        let canary = "canary-\(UInt64.random(in: 1...UInt64.max))"
        let scratch = try ScratchPack(
            declaration: ScratchPack.helloDeclaration + "\nsettings: {CORDUM_HELLO_TOKEN: \(canary)}\n"
        )
        defer { scratch.remove() }
        let leaky = WorkerRegistration(packID: "hello") { settings in
            var worker = HelloWorker.make()
            let token = settings["CORDUM_HELLO_TOKEN"] ?? ""
            worker.handle(HelloWorker.greetTopic) { _, _ in ["greeting": .string("Hello with \(token)")] }
            return worker
        }
        let report = try await PackConformance(try scratch.pack(worker: leaky)).checkActions()
        #expect(report.problems.contains { $0.contains("appears in an action's outcome") })
        #expect(!report.problems.contains { $0.contains(canary) })
    }

    @Test("a workflow that asks another number of approvals, or decides a step otherwise, than declared")
    func workflowsAsDeclared() async throws {
        let scratch = try ScratchPack(
            declaration: ScratchPack.helloDeclaration + """

                workflows:
                  hello.greet-and-sign:
                    input: {name: Ada}
                    approvals: 2
                    decisions: {sign: REQUIRE_APPROVAL}
                  hello.greet:
                    input: {name: Ada}
                    status: failed
                """
        )
        defer { scratch.remove() }
        let report = try await PackConformance(try scratch.pack()).checkWorkflows()
        #expect(report.problems.contains { $0.contains("hello.greet-and-sign asked 1 approval(s), not 2") })
        #expect(
            report.problems.contains {
                $0.contains(
                    "step sign of hello.greet-and-sign was decided ALLOW_WITH_CONSTRAINTS, not REQUIRE_APPROVAL"
                )
            }
        )
        #expect(report.problems.contains { $0.contains("hello.greet ended succeeded, not failed") })
    }

    @Test("a rerun that writes again: a write step without an idempotency key")
    func rerunWithoutKey() async throws {
        let scratch = try ScratchPack(
            declaration: ScratchPack.helloDeclaration + """

                workflows:
                  hello.greet: {input: {name: Ada}}
                  hello.greet-and-sign: {input: {name: Ada}}
                """
        )
        defer { scratch.remove() }
        let workflow = scratch.folder.appendingPathComponent("pack/workflows/greet-and-sign.yaml")
        let text = try String(contentsOf: workflow, encoding: .utf8)
        try text.replacingOccurrences(of: "      idempotency_key: hello:guestbook:${input.name}\n", with: "")
            .write(to: workflow, atomically: true, encoding: .utf8)
        let report = try await PackConformance(try scratch.pack()).checkWorkflows()
        #expect(
            report.problems.contains {
                $0.contains("a rerun of hello.greet-and-sign ran the write job.hello.guestbook.sign (step sign) again")
            },
            "\(report.problems)"
        )
    }
}
