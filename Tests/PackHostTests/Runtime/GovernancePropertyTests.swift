import Foundation
import PackHost
import PolicyKernel
import StructuredData
import Synchronization
import Testing
import WorkflowEngine

/// Over generated workflows, policies, approver behaviour and policy changes mid-run: no job the policy in force
/// marks DENY is ever dispatched, and no job it marks REQUIRE_APPROVAL is dispatched without a consumed approval
/// bound to that job's action digest. Set `HOST_PROPERTY_CASES` for more cases (default 60).
@Suite struct GovernancePropertyTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func pick<T>(_ values: [T]) -> T { values[int(values.count)] }
        mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    }

    /// A worker that checks, as each job starts, what the policy in force says about it.
    final class CheckingWorker: HostWorker {
        let id = "checker"
        let pool = "p"
        let capacity = 3
        let topics: [String] = []
        let catalog: StaticCatalog
        let seen = Mutex<[(jobID: String, decision: Decision)]>([])

        init(catalog: StaticCatalog) { self.catalog = catalog }

        func run(_ assignment: JobAssignment) async -> WorkerReport {
            let job = assignment.job
            let governance = try! catalog.governance()
            let request = PolicyRequest(
                jobID: job.id,
                topic: job.topic,
                tenant: job.tenantID,
                principalID: job.principal,
                labels: job.labels,
                meta: PolicyRequest.Meta(
                    tenantID: job.tenantID,
                    actorID: job.principal,
                    idempotencyKey: job.idempotencyKey ?? "",
                    capability: job.capability ?? "",
                    riskTags: job.riskTags,
                    requires: job.requires,
                    packID: job.packID ?? ""
                )
            )
            let decision = governance.policy.evaluate(request).decision
            seen.withLock { $0.append((job.id, decision)) }
            return .succeeded(["ok": true, "n": .integer(job.id.count)])
        }

        func cancel(jobID: String, reason: String) async {}
    }

    static let tags = ["read", "write", "destructive", "prod", "secrets"]
    static let decisions = [
        "allow", "deny", "require_approval", "require_approval", "require_approval", "allow_constraints",
    ]

    static func policy(_ random: inout Generator, topics: [String]) -> String {
        var text = "rules:\n"
        for index in 0..<(1 + random.int(5)) {
            let decision = random.pick(decisions)
            text += "  - id: r\(index)\n    match:\n"
            if random.chance(50) {
                text += "      topics: [\"\(random.pick(topics + ["job.p.*"]))\"]\n"
            } else {
                text += "      risk_tags: [\(random.pick(tags))]\n"
            }
            if decision == "allow_constraints" {
                text += "    decision: allow\n    constraints: { budgets: { max_retries: 1 } }\n"
            } else {
                text += "    decision: \(decision)\n"
            }
        }
        return text
    }

    static func workflow(_ random: inout Generator, id: String, topics: [String]) throws -> Workflow {
        var steps: [String: JSONValue] = [:]
        var names: [String] = []
        for index in 0..<(2 + random.int(6)) {
            let name = "s\(index)"
            var step: [String: JSONValue] = [:]
            let dependencies = names.filter { _ in random.chance(35) }
            if !dependencies.isEmpty { step["depends_on"] = .array(dependencies.map(JSONValue.string)) }
            if random.chance(20) {
                step["type"] = "approval"
                step["input"] = ["message": .string("approve \(name)")]
            } else {
                step["type"] = "worker"
                step["topic"] = .string(random.pick(topics))
                step["input"] = ["value": .integer(random.int(3)), "run": "${input.tag}"]
                var meta: [String: JSONValue] = ["pack_id": "p"]
                if random.chance(40) { meta["risk_tags"] = .array([.string(random.pick(tags))]) }
                if random.chance(20) { meta["idempotency_key"] = .string("k-\(random.int(3))") }
                step["meta"] = .object(meta)
                if random.chance(25) { step["retry"] = ["max_retries": 1, "initial_backoff_sec": 1] }
            }
            steps[name] = .object(step)
            names.append(name)
        }
        return try Workflow.load(Document(value: ["id": .string(id), "steps": .object(steps)], file: "\(id).json"))
    }

    static func governance(_ random: inout Generator, topics: [InstalledTopic], policy text: String? = nil) throws
        -> Governance
    {
        try StaticCatalog.governance(
            policy: text ?? policy(&random, topics: topics.map(\.name)),
            topics: topics,
            pools: Dictionary(uniqueKeysWithValues: topics.map { ($0.name, "p") })
        )
    }

    @Test func noJobRunsWithoutTheApprovalOrAgainstADenial() async throws {
        let cases = Int(ProcessInfo.processInfo.environment["HOST_PROPERTY_CASES"] ?? "") ?? 60
        var checkedDispatches = 0
        var approvalsConsumed = 0
        for seed in 0..<cases {
            var random = Generator(state: UInt64(seed) &* 7919)
            let topics = (0..<(2 + random.int(4))).map { index in
                InstalledTopic(
                    name: "job.p.t\(index)",
                    packID: "p",
                    packVersion: "1.0.\(random.int(3))",
                    riskTags: random.chance(60) ? [random.pick(Self.tags)] : []
                )
            }
            var policyText = Self.policy(&random, topics: topics.map(\.name))
            let catalog = StaticCatalog(governance: try Self.governance(&random, topics: topics, policy: policyText))
            let workflow = try Self.workflow(&random, id: "wf\(seed)", topics: topics.map(\.name))
            catalog.add(workflow)
            var configuration = HostConfiguration()
            configuration.approvalTTLSeconds = 30
            let fixture = try HostFixture(catalog: catalog, configuration: configuration)
            let worker = CheckingWorker(catalog: catalog)
            try await fixture.host.register(worker)
            var runs: [String] = []
            for index in 0..<(1 + random.int(3)) {
                let run = try await fixture.host.startRun(
                    workflowID: workflow.id,
                    input: ["tag": .string("r\(index)")],
                    tenant: "t",
                    principal: "p"
                )
                runs.append(run.id)
            }
            for _ in 0..<25 {
                await fixture.host.settle()
                // Sometimes no worker is there while approvals are granted and the policy changes, so approved
                // jobs wait in the queue and meet the new policy at dispatch.
                let offline = random.chance(40)
                if offline { try await fixture.host.unregister(workerID: worker.id) }
                for approval in try await fixture.host.approvals(tenant: "t") {
                    switch random.int(5) {
                    case 0, 1, 2:
                        _ = try? await fixture.host.approve(approval.id, tenant: "t", principal: "r", reason: "ok")
                    case 3:
                        _ = try? await fixture.host.reject(approval.id, tenant: "t", principal: "r", reason: "no")
                    default:
                        break
                    }
                }
                // Approved jobs are dispatched at once; let their workers see the policy they were dispatched under
                // before it changes (a policy change reaches jobs not yet dispatched, not running ones).
                await fixture.host.settle()
                if random.chance(30) {
                    // Either new rules, or the same rules under a new snapshot (an unrelated rule added): approvals
                    // granted under the old snapshot must not let jobs through.
                    policyText =
                        random.chance(50)
                        ? Self.policy(&random, topics: topics.map(\.name))
                        : policyText
                            + "  - id: unrelated\(random.int(1000))\n    match: { topics: [job.none] }\n    decision: deny\n"
                    catalog.setGovernance(try Self.governance(&random, topics: topics, policy: policyText))
                }
                if offline { try await fixture.host.register(worker) }
                try await fixture.advance(seconds: Int64(1 + random.int(10)))
                let states = try await runs.asyncMap { try await fixture.host.run($0, tenant: "t").status }
                if states.allSatisfy(\.isTerminal) { break }
            }
            await fixture.host.settle()
            let seen = worker.seen.withLock { $0 }
            for (jobID, decision) in seen {
                checkedDispatches += 1
                #expect(decision != .deny, "seed \(seed): \(jobID) ran although the policy denies it")
                if decision == .requireApproval {
                    let job = try await fixture.host.job(jobID, tenant: "t")
                    let approval = try await fixture.host.approval(job.approvalID ?? "-", tenant: "t")
                    #expect(approval.status == .consumed, "seed \(seed): \(jobID) ran without a consumed approval")
                    #expect(approval.jobID == jobID && approval.digest == job.actionDigest, "seed \(seed): \(jobID)")
                    approvalsConsumed += 1
                }
            }
            // Every approval is used at most once, by one job.
            let consumed = try await fixture.host.approvals(tenant: "t", status: .consumed, limit: 1000)
            #expect(Set(consumed.compactMap(\.jobID)).count == consumed.filter { $0.kind == .job }.count)
        }
        #expect(checkedDispatches > cases)
        #expect(approvalsConsumed > 0)
    }
}
