import Foundation
import PackFormat
public import StructuredData
import WorkerKit

/// The conformance suite every pack of the table gets (PackConformanceTests): each check returns a
/// ``ConformanceReport`` the test turns into issues. What the suite cannot infer comes from the pack's
/// `Tests/conformance.yaml` (``ConformanceDeclaration``).
///
/// - ``checkTopics()``: the worker serves exactly the topics of `pack.yaml`, each has schemas and a sample input.
/// - ``checkActions()``: every sample input and output validates against the topic's schemas; every write's dry
///   run sends nothing and its plan is the exact request the real run sends.
/// - ``checkWorkflows()``: every reference workflow runs on the host with its declared decisions and approvals;
///   a dry run changes nothing; a rerun writes nothing twice; a lock held elsewhere makes the locked step wait.
/// - ``checkFaults()``: 401, 403, 404, 409, 422, 429 with `Retry-After`, 5xx and a slow answer map to the shared
///   error codes, for a read and a write.
/// Every check also proves that no credential of the worker's settings reaches outputs, errors, logs, artifacts
/// or audit.
public struct PackConformance: Sendable {
    /// The pack.
    public let pack: PackUnderTest

    /// The suite for a pack.
    public init(_ pack: PackUnderTest) { self.pack = pack }

    /// The pack's schemas by topic.
    public var schemas: PackSchemas {
        PackSchemas(pack.pack, declaration: pack.declaration, required: PackRig.flattened(pack.required).map(\.pack))
    }

    /// The declared sample input of a topic.
    public func sampleInput(_ topic: String) -> JSONValue? { pack.declaration.actions[topic]?.input }

    /// The topics whose actions the suite runs: those with a sample input, in `pack.yaml` order.
    public var sampledTopics: [String] { pack.topics.map(\.name).filter { sampleInput($0) != nil } }

    /// Checks that the worker serves exactly the topics of `pack.yaml`, and that each topic has both schemas and a
    /// sample input.
    public func checkTopics() async throws -> ConformanceReport {
        var report = ConformanceReport("topics")
        guard pack.worker != nil else {
            report.skip("the pack has no worker")
            return report
        }
        try await withPackRig(pack, PackRigOptions(inProcessWorker: false)) { rig in
            let worker = try makeWorker(rig)
            let declared = Set(pack.topics.map(\.name))
            let served = Set(worker.worker.topics)
            for topic in declared.subtracting(served).sorted() {
                report.fail("pack.yaml declares \(topic), which the worker does not serve")
            }
            for topic in served.subtracting(declared).sorted() {
                report.fail("the worker serves \(topic), which pack.yaml does not declare")
            }
        }
        let schemas = self.schemas
        for topic in pack.topics.map(\.name) {
            let ids = schemas.schemaIDs(topic)
            for (kind, id) in [("input", ids.input), ("output", ids.output)] where id == nil {
                report.fail(
                    "\(topic) has no \(kind) schema: name it in a workflow step (\(kind)_schema_id), call it "
                        + "\(pack.id)/\(PackSchemas.actionName(topic, packID: pack.id))\(kind.capitalized), or "
                        + "declare actions.\(topic).\(kind)_schema in Tests/conformance.yaml"
                )
            }
            if sampleInput(topic) == nil {
                report.fail("\(topic) has no sample input: declare actions.\(topic).input in Tests/conformance.yaml")
            }
        }
        for topic in pack.declaration.actions.keys.sorted() where !pack.topics.contains(where: { $0.name == topic }) {
            report.fail("Tests/conformance.yaml declares actions.\(topic), which pack.yaml does not declare")
        }
        return report
    }

    /// The pack's worker made from the rig's settings, with its secrets.
    func makeWorker(_ rig: PackRig, extra: [String: String] = [:]) throws -> MadeWorker {
        guard let registration = pack.worker else { throw RigFailure(description: "the pack has no worker") }
        return try registration.makeWithSecrets(settings: rig.workerSettings.merging(extra) { $1 })
    }

    /// Runs one action directly on `worker`, with the topic's capability and risk tags from `pack.yaml`.
    func run(
        _ worker: MadeWorker,
        _ topic: String,
        _ input: JSONValue,
        dryRun: Bool = false,
        logs: LogRecorder,
        artifacts: MemoryArtifacts
    ) async -> JobOutcome {
        let declared = pack.topics.first { $0.name == topic }
        return await runJob(
            worker.worker,
            topic: topic,
            input,
            secrets: worker.secrets,
            capability: declared?.capability ?? "",
            riskTags: declared?.riskTags ?? [],
            dryRun: dryRun,
            artifacts: artifacts.writer(worker.secrets),
            recorder: logs
        )
    }

    /// Readies one sampled action's turn: resets the emulator (when there is one), resolves the topic's sample input,
    /// then clears the emulator's request log so that only the action's own requests are in it.
    /// - Returns: The input, or `nil` when it cannot be resolved (the reason is recorded as a failure in `report`).
    func prepareSample(
        _ topic: String,
        control: EmulatorControl?,
        worker: MadeWorker,
        logs: LogRecorder,
        artifacts: MemoryArtifacts,
        report: inout ConformanceReport
    ) async throws -> JSONValue? {
        try await control?.reset()
        let input: JSONValue
        do {
            input = try await resolvedInput(topic, worker: worker, logs: logs, artifacts: artifacts)
        } catch {
            report.fail("\(error)")
            return nil
        }
        try await control?.clearRequests()
        return input
    }

    /// A topic's sample input with every `${TOPIC:POINTER}` string replaced by the value at the pointer in that
    /// topic's output (its own sample, run first).
    func resolvedInput(
        _ topic: String,
        worker: MadeWorker,
        logs: LogRecorder,
        artifacts: MemoryArtifacts,
        depth: Int = 0
    ) async throws -> JSONValue {
        guard let input = sampleInput(topic) else {
            throw RigFailure(description: "\(topic) has no sample input in Tests/conformance.yaml")
        }
        return try await resolve(input, worker: worker, logs: logs, artifacts: artifacts, depth: depth)
    }

    private func resolve(
        _ value: JSONValue,
        worker: MadeWorker,
        logs: LogRecorder,
        artifacts: MemoryArtifacts,
        depth: Int
    ) async throws -> JSONValue {
        switch value {
        case .object(let fields):
            var resolved: [String: JSONValue] = [:]
            for (key, field) in fields {
                resolved[key] = try await resolve(field, worker: worker, logs: logs, artifacts: artifacts, depth: depth)
            }
            return .object(resolved)
        case .array(let items):
            var resolved: [JSONValue] = []
            for item in items {
                resolved.append(try await resolve(item, worker: worker, logs: logs, artifacts: artifacts, depth: depth))
            }
            return .array(resolved)
        case .string(let text) where text.hasPrefix("${") && text.hasSuffix("}") && text.contains(":"):
            let reference = text.dropFirst(2).dropLast()
            let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
            guard depth < 3, parts.count == 2 else {
                throw RigFailure(description: "the input reference \(text) is not ${TOPIC:POINTER} (or nests too deep)")
            }
            let input = try await resolvedInput(
                parts[0],
                worker: worker,
                logs: logs,
                artifacts: artifacts,
                depth: depth + 1
            )
            let outcome = await run(worker, parts[0], input, logs: logs, artifacts: artifacts)
            guard let output = outcome.output, let found = JSONPointer.resolve(parts[1], in: output) else {
                throw RigFailure(
                    description: "the input reference \(text): \(parts[0]) answered \(outcome.text.prefix(300)), "
                        + "with nothing at \(parts[1])"
                )
            }
            return found
        default:
            return value
        }
    }
}
