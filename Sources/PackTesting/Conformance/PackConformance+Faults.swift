public import StructuredData
import WorkerKit

extension PackConformance {
    /// A fault the emulator injects, and the shared error code (docs/workerkit.md) the worker must answer.
    public struct Fault: Sendable, CustomStringConvertible {
        /// What it is, in a few words (`429 with Retry-After`).
        public var name: String
        /// The fault rule (`/_emulator/faults`), matching every path.
        public var rule: JSONValue
        /// The error code.
        public var code: String
        /// Whether the error must be retryable.
        public var retryable: Bool

        public var description: String { name }
    }

    /// Every fault kind: 401, 403, 404, 409, 422, 429 with `Retry-After`, 503, and an answer slower than the
    /// request timeout.
    public static let faults: [Fault] = [
        Fault(name: "401", rule: ["status": 401], code: "unauthorized", retryable: false),
        Fault(name: "403", rule: ["status": 403], code: "forbidden", retryable: false),
        Fault(name: "404", rule: ["status": 404], code: "not_found", retryable: false),
        Fault(name: "409", rule: ["status": 409], code: "conflict", retryable: false),
        Fault(name: "422", rule: ["status": 422], code: "validation_failed", retryable: false),
        // Longer than any worker waits: the job fails at once, retryable, instead of sleeping.
        Fault(
            name: "429 with Retry-After",
            rule: ["status": 429, "retry_after": 3600],
            code: "rate_limited",
            retryable: true
        ),
        Fault(name: "503", rule: ["status": 503], code: "unavailable", retryable: true),
        Fault(name: "slow", rule: ["delay_ms": 3000], code: "timeout", retryable: true),
    ]

    /// The request timeout of the worker the slow fault runs on.
    static let slowTimeout = "300ms"

    /// Injects every fault kind at the emulator for one read and one write (declared in `faults:`, else the first
    /// sampled of each; a pack whose topics are all reads has no write run), and every status fault for every other sampled action (the slow answer is the client's
    /// timeout, the same for every action), and checks the error code each maps to.
    public func checkFaults() async throws -> ConformanceReport {
        var report = ConformanceReport("faults")
        guard pack.worker != nil, pack.emulator != nil else {
            report.skip("the pack has no emulator to inject faults with")
            return report
        }
        let read = pack.declaration.faultRead ?? sampledTopics.first { !pack.isWrite($0) }
        let write = pack.declaration.faultWrite ?? sampledTopics.first { pack.isWrite($0) }
        try await withPackRig(pack, PackRigOptions(inProcessWorker: false)) { rig in
            let control = try rig.control.orThrow("the emulator did not start")
            let worker = try makeWorker(rig)
            let timeoutVariable = WorkerConfiguration.variablePrefix(packID: pack.id) + "REQUEST_TIMEOUT"
            let slowWorker = try makeWorker(rig, extra: [timeoutVariable: Self.slowTimeout])
            let logs = LogRecorder()
            let artifacts = MemoryArtifacts()
            let outcomes = OutcomeLog()
            var runs: [(kind: String, topic: String?, faults: [Fault])] = [("read", read, Self.faults)]
            // A read-only pack (every topic a read: the opentelemetry pack) has no write to inject faults into.
            if write != nil || sampledTopics.contains(where: { pack.isWrite($0) }) {
                runs.append(("write", write, Self.faults))
            }
            for topic in sampledTopics where topic != read && topic != write {
                runs.append(("other", topic, Self.faults.filter { $0.code != "timeout" }))
            }
            for (kind, topic, faults) in runs {
                guard let topic else {
                    report.fail("the pack has no sampled \(kind) action to inject faults into")
                    continue
                }
                for fault in faults {
                    guard
                        let input = try await prepareSample(
                            topic,
                            control: control,
                            worker: worker,
                            logs: logs,
                            artifacts: artifacts,
                            report: &report
                        )
                    else { break }
                    try await control.addFaults([fault.rule])
                    let outcome = await run(
                        fault.code == "timeout" ? slowWorker : worker,
                        topic,
                        input,
                        logs: logs,
                        artifacts: artifacts
                    )
                    try await control.clearFaults()
                    outcomes.append(outcome)
                    let expected = pack.declaration.faultCodes[topic]?[fault.name] ?? fault.code
                    report.expect(
                        outcome.code == expected && outcome.error?.retryable == fault.retryable,
                        "\(topic) answered a \(fault.name) fault with "
                            + (outcome.error.map { "\($0.code.rawValue) (retryable \($0.retryable))" } ?? "success")
                            + ", not \(expected) (retryable \(fault.retryable))"
                    )
                }
            }
            report.expectNoCanary(
                rig.credentialValues,
                in: outcomes.texts.map { ("a fault's outcome", $0) } + logs.all.map { ("a log line", $0) }
            )
        }
        return report
    }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw RigFailure(description: message) }
        return self
    }
}
