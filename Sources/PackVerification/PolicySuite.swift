public import PackFormat
public import PolicyKernel
import StructuredData

/// A set of packs evaluated as if installed together over an optional base policy.
public struct PolicySuite: Sendable {
    /// The packs.
    public var packs: [Pack]
    /// The base policy file, if any: its name (for messages) and bytes.
    public var basePolicy: (file: String, bytes: [UInt8])?
    /// Strict mode: the risk tags and requires the packs declare for a topic are added to every request on it.
    public var strict: Bool

    /// Creates a suite.
    public init(packs: [Pack], basePolicy: (file: String, bytes: [UInt8])? = nil, strict: Bool = true) {
        self.packs = packs
        self.basePolicy = basePolicy
        self.strict = strict
    }

    /// Every pack's fragments as Cordum stores them.
    public var fragments: [PolicyFragment] {
        packs.flatMap { pack in
            pack.policyFragments.map {
                PolicyFragment(key: $0.key, content: String(decoding: $0.content, as: UTF8.self), enabled: true)
            }
        }
    }

    /// The declared risk tags and requires of every topic, merged across packs.
    public var topicDeclarations: [String: TopicDeclaration] {
        var declarations: [String: TopicDeclaration] = [:]
        for pack in packs {
            for topic in pack.manifest.topics {
                let name = topic.name.trimmingSpaces
                var entry = declarations[name] ?? TopicDeclaration(riskTags: [], requires: [])
                for tag in topic.riskTags where !entry.riskTags.contains(tag) { entry.riskTags.append(tag) }
                for item in topic.requires where !entry.requires.contains(item) { entry.requires.append(item) }
                declarations[name] = entry
            }
        }
        return declarations
    }

    /// Parses and merges the base policy and every fragment, then compiles them.
    /// - Throws: ``PolicyError`` naming the fragment or base file that does not parse.
    public func compile() throws(PolicyError) -> (policy: CompiledPolicy, snapshot: String) {
        let set = try PolicySet(base: basePolicy, fragments: fragments)
        return (CompiledPolicy(set, strictTopics: strict ? topicDeclarations : [:]), set.snapshot)
    }

    /// The request Cordum's `cordumctl pack verify` sends for a simulation, plus the simulation's `labels` (ours)
    /// as the request's top-level labels.
    public static func request(for simulation: PolicySimulation, packID: String) throws(PolicyError) -> PolicyRequest {
        let request = simulation.request
        let tenant = request.tenantID.trimmingSpaces.isEmpty ? "default" : request.tenantID
        var meta: [String: JSONValue] = [
            "tenant_id": .string(tenant),
            "capability": .string(request.capability),
            "risk_tags": .array(request.riskTags.map(JSONValue.string)),
            "requires": .array(request.requires.map(JSONValue.string)),
            "pack_id": .string(request.packID.isEmpty ? packID : request.packID),
            "actor_id": .string(request.actorID),
        ]
        let actorType = request.actorType.lowercased()
        if actorType == "human" || actorType == "service" { meta["actor_type"] = .string(actorType) }
        var fields: [String: JSONValue] = [
            "topic": .string(request.topic), "tenant": .string(tenant), "meta": .object(meta),
        ]
        if !request.labels.isEmpty { fields["labels"] = .object(request.labels.mapValues(JSONValue.string)) }
        return try PolicyRequest(json: .object(fields))
    }

    /// The request a job on `topic` sends when it carries its declarations (the coverage matrix's cell request).
    /// - Parameters:
    ///   - topic: the declared topic.
    ///   - packID: the pack declaring it.
    ///   - includeDeclarations: whether the request carries the topic's risk tags and requires; without them it is
    ///     the request of a job that omits its tags.
    ///   - labels: the request's top-level labels (the host's `cordum.workflow_approval: approved` for a step behind
    ///     an approved workflow approval step).
    public static func request(
        for topic: PackTopic,
        packID: String,
        includeDeclarations: Bool = true,
        labels: [String: String] = [:]
    ) throws(PolicyError) -> PolicyRequest {
        let simulation = PolicySimulation(
            name: "",
            request: SimulationRequest(
                tenantID: "default",
                topic: topic.name,
                capability: topic.capability ?? "",
                riskTags: includeDeclarations ? topic.riskTags : [],
                requires: includeDeclarations ? topic.requires : [],
                packID: packID,
                labels: labels
            ),
            expectDecision: ""
        )
        return try request(for: simulation, packID: packID)
    }

    /// Runs every simulation and builds the decision-coverage matrix.
    /// - Throws: ``PolicyError`` when a policy document does not parse.
    public func run() throws(PolicyError) -> TestReport {
        let (policy, snapshot) = try compile()
        var simulations: [TestReport.SimulationResult] = []
        for pack in packs {
            for simulation in pack.manifest.policySimulations {
                let decision = policy.evaluate(try Self.request(for: simulation, packID: pack.id))
                simulations.append(
                    TestReport.SimulationResult(
                        packID: pack.id,
                        name: simulation.name,
                        topic: simulation.request.topic,
                        expectedText: simulation.expectDecision,
                        expected: Decision(normalizing: simulation.expectDecision),
                        actual: decision
                    )
                )
            }
        }
        var coverage: [TestReport.CoverageCell] = []
        var seenTopics: Set<String> = []
        for pack in packs {
            for topic in pack.manifest.topics where seenTopics.insert(topic.name).inserted {
                let decision = policy.evaluate(try Self.request(for: topic, packID: pack.id))
                let baseline = Baseline(riskTags: topic.riskTags)
                let gated = isApprovalGated(topic.name)
                let covering = simulations.filter { result in
                    guard result.topic.trimmingSpaces == topic.name.trimmingSpaces, result.passed,
                        let expected = result.expected
                    else { return false }
                    return baseline.isCovered(byExpectation: expected, approvalGated: gated)
                        && baseline.isMet(by: result.actual, approvalGated: gated)
                }
                coverage.append(
                    TestReport.CoverageCell(
                        packID: pack.id,
                        topic: topic.name,
                        capability: topic.capability ?? "",
                        riskTags: topic.riskTags,
                        baseline: baseline,
                        approvalGated: gated,
                        actual: decision,
                        coveredBy: covering.map(\.name)
                    )
                )
            }
        }
        return TestReport(
            snapshot: snapshot,
            strict: strict,
            packs: packs.map { ($0.id, $0.version, $0.location) },
            simulations: simulations,
            coverage: coverage
        )
    }

    /// Whether the topic is used by at least one workflow step and every such step waits for an approval step.
    func isApprovalGated(_ topic: String) -> Bool {
        var used = false
        for pack in packs {
            for workflow in pack.workflows {
                for step in workflow.workflow.steps where step.topic?.trimmingSpaces == topic.trimmingSpaces {
                    used = true
                    if !workflow.workflow.isGatedByApproval(step.id) { return false }
                }
            }
        }
        return used
    }
}
