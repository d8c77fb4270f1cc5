import Foundation
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// Attacks through the policy inputs a submitter controls, and through idempotency keys
/// (docs/security.md, "Policy inputs a submitter controls" and "Idempotency keys and locks").
@Suite struct PolicyInputAttackTests {
    static let policy = """
        rules:
          - id: reads-are-fine
            match: { risk_tags: ["read"] }
            decision: allow
          - id: service-accounts-never-write
            match: { topics: ["job.t.write"], actor_types: ["service"] }
            decision: deny
            reason: service accounts do not write
          - id: secrets-need-a-human
            match: { topics: ["job.t.secret"], secrets_present: true }
            decision: require_approval
          - id: secrets-without-secrets
            match: { topics: ["job.t.secret"] }
            decision: allow
          - id: writes-need-a-human
            match: { topics: ["job.t.write", "job.t.merge"] }
            decision: require_approval
        """

    static let topics = [
        InstalledTopic(name: "job.t.read", packID: "t", packVersion: "1.0.0", capability: "t.read", riskTags: ["read"]),
        InstalledTopic(
            name: "job.t.write",
            packID: "t",
            packVersion: "1.0.0",
            capability: "t.write",
            riskTags: ["write"]
        ),
        InstalledTopic(
            name: "job.t.merge",
            packID: "t",
            packVersion: "1.0.0",
            capability: "t.merge",
            riskTags: ["write"]
        ),
        InstalledTopic(
            name: "job.t.secret",
            packID: "t",
            packVersion: "1.0.0",
            capability: "t.secret",
            riskTags: ["write", "secrets"]
        ),
    ]

    static func fixture() async throws -> (HostFixture, EchoWorker) {
        let pools = Dictionary(uniqueKeysWithValues: topics.map { ($0.name, "echo") })
        let governance = try StaticCatalog.governance(policy: policy, topics: topics, pools: pools)
        let catalog = StaticCatalog(governance: governance)
        catalog.add(
            try Workflow.load(
                Document(
                    value: [
                        "id": "t.impersonate",
                        "steps": [
                            "apply": [
                                "type": "worker", "topic": "job.t.read",
                                "meta": ["actor_id": "ceo", "actor_type": "human"],
                            ]
                        ],
                    ],
                    file: "t.impersonate.json"
                )
            )
        )
        catalog.add(
            try Workflow.load(
                Document(
                    value: [
                        "id": "t.mislabelled",
                        "steps": [
                            "apply": [
                                "type": "worker", "topic": "job.t.write",
                                "meta": ["pack_id": "other", "capability": "other.read"],
                            ]
                        ],
                    ],
                    file: "t.mislabelled.json"
                )
            )
        )
        let fixture = try HostFixture(catalog: catalog)
        let worker = EchoWorker()
        try await fixture.host.register(worker)
        return (fixture, worker)
    }

    @Test func aSubmittedCapabilityOrPackIDOtherThanTheDeclaredOneIsRefused() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        for submission in [
            JobSubmission(topic: "job.t.write", capability: "t.read"),
            JobSubmission(topic: "job.t.write", packID: "someone-else"),
        ] {
            await #expect {
                try await host.submitJob(submission, tenant: "a", principal: "p")
            } throws: { ($0 as? HostError)?.code == .invalidArgument }
        }
        #expect(try await host.jobs(tenant: "a").isEmpty)
        // The declared values themselves, or none, are fine.
        let fine = try await host.submitJob(
            JobSubmission(topic: "job.t.read", packID: "t", capability: "t.read"),
            tenant: "a",
            principal: "p"
        )
        await host.settle()
        #expect(try await host.job(fine.id, tenant: "a").state == .succeeded)
        #expect(worker.ran == [fine.id])
    }

    @Test func aWorkflowStepWithAnotherPacksMetadataFailsInsteadOfRunning() async throws {
        let (fixture, worker) = try await Self.fixture()
        let run = try await fixture.host.startRun(workflowID: "t.mislabelled", input: [:], tenant: "a", principal: "p")
        await fixture.host.settle()
        let job = try #require(try await fixture.host.jobs(tenant: "a", filter: JobFilter(runID: run.id)).first)
        #expect(job.state == .failed)
        #expect(job.error?.code == "invalid_argument")
        #expect(worker.ran.isEmpty)
    }

    @Test func anExtraReadTagCannotMakeALooserRuleMatchFirst() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        let job = try await host.submitJob(
            JobSubmission(topic: "job.t.write", riskTags: ["read"]),
            tenant: "a",
            principal: "p"
        )
        await host.settle()
        #expect(job.state == .approvalRequired)
        #expect(job.decision?.ruleID == "writes-need-a-human")
        #expect(worker.ran.isEmpty)
    }

    @Test func anExtraTagCanStillMakeTheDecisionStricter() async throws {
        let governance = try StaticCatalog.governance(
            policy: """
                rules:
                  - id: destructive-is-denied
                    match: { risk_tags: ["destructive"] }
                    decision: deny
                  - id: reads
                    match: { topics: ["job.t.read"] }
                    decision: allow
                """,
            topics: Self.topics,
            pools: ["job.t.read": "echo"]
        )
        let fixture = try HostFixture(catalog: StaticCatalog(governance: governance))
        try await fixture.host.register(EchoWorker())
        let job = try await fixture.host.submitJob(
            JobSubmission(topic: "job.t.read", riskTags: ["destructive"]),
            tenant: "a",
            principal: "p"
        )
        #expect(job.state == .denied)
        #expect(job.decision?.ruleID == "destructive-is-denied")
    }

    @Test func aSecretsPresentFalseLabelCannotSwitchOffADeclaredSecretsTag() async throws {
        let (fixture, worker) = try await Self.fixture()
        let job = try await fixture.host.submitJob(
            JobSubmission(topic: "job.t.secret", labels: ["secrets_present": "false"]),
            tenant: "a",
            principal: "p"
        )
        await fixture.host.settle()
        #expect(job.state == .approvalRequired)
        #expect(job.decision?.ruleID == "secrets-need-a-human")
        #expect(worker.ran.isEmpty)
    }

    @Test func aStepsMetaActorIDDoesNotMakeItsJobSomeoneElses() async throws {
        let (fixture, _) = try await Self.fixture()
        let run = try await fixture.host.startRun(
            workflowID: "t.impersonate",
            input: [:],
            tenant: "a",
            principal: "intern"
        )
        await fixture.host.settle()
        let job = try #require(try await fixture.host.jobs(tenant: "a", filter: JobFilter(runID: run.id)).first)
        #expect(job.principal == "intern")
        // The starter's key declares no actor type, so the step's own is used; a key that declares one wins
        // (theActorTypeOfTheKeyReachesThePolicyAndCannotBeClaimedOtherwise).
        #expect(job.actorType == "human")
    }

    @Test func theActorTypeOfTheKeyReachesThePolicyAndCannotBeClaimedOtherwise() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        let denied = try await host.submitJob(
            JobSubmission(topic: "job.t.write"),
            tenant: "a",
            principal: "bot",
            actorType: "service"
        )
        #expect(denied.state == .denied)
        #expect(denied.decision?.ruleID == "service-accounts-never-write")
        await #expect {
            try await host.submitJob(
                JobSubmission(topic: "job.t.write", actorType: "human"),
                tenant: "a",
                principal: "bot",
                actorType: "service"
            )
        } throws: { ($0 as? HostError)?.code == .forbidden }
        // A run started by a service key carries its actor type to every step's job.
        let run = try await host.startRun(
            workflowID: "t.impersonate",
            input: [:],
            tenant: "a",
            principal: "bot",
            actorType: "service"
        )
        await host.settle()
        let stepJob = try #require(try await host.jobs(tenant: "a", filter: JobFilter(runID: run.id)).first)
        #expect(stepJob.actorType == "service")
        #expect(worker.ran == [stepJob.id])
    }

    // MARK: - Idempotency keys

    @Test func aReadCannotHijackTheIdempotencyKeyOfALaterMerge() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        let read = try await host.submitJob(
            JobSubmission(topic: "job.t.read", input: ["repo": "acme/widgets"], idempotencyKey: "merge:acme/widgets#4"),
            tenant: "a",
            principal: "mallory"
        )
        await host.settle()
        #expect(try await host.job(read.id, tenant: "a").state == .succeeded)
        await #expect {
            try await host.submitJob(
                JobSubmission(topic: "job.t.merge", input: ["pr": 4], idempotencyKey: "merge:acme/widgets#4"),
                tenant: "a",
                principal: "dev"
            )
        } throws: { ($0 as? HostError)?.code == .idempotencyKeyConflict }
        // The same key with another input on the same topic is refused too; the same action is deduplicated.
        await #expect {
            try await host.submitJob(
                JobSubmission(topic: "job.t.read", input: ["repo": "other"], idempotencyKey: "merge:acme/widgets#4"),
                tenant: "a",
                principal: "dev"
            )
        } throws: { ($0 as? HostError)?.code == .idempotencyKeyConflict }
        let again = try await host.submitJob(
            JobSubmission(topic: "job.t.read", input: ["repo": "acme/widgets"], idempotencyKey: "merge:acme/widgets#4"),
            tenant: "a",
            principal: "dev"
        )
        await host.settle()
        #expect(try await host.job(again.id, tenant: "a").deduplicatedFrom == read.id)
        #expect(worker.ran == [read.id])
    }

    @Test func aHeldMergeWhoseKeyWasTakenMeanwhileFailsInsteadOfTakingTheOtherResult() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        let merge = try await host.submitJob(
            JobSubmission(topic: "job.t.merge", input: ["pr": 4], idempotencyKey: "k-1"),
            tenant: "a",
            principal: "dev"
        )
        #expect(merge.state == .approvalRequired)
        let read = try await host.submitJob(
            JobSubmission(topic: "job.t.read", idempotencyKey: "k-1"),
            tenant: "a",
            principal: "mallory"
        )
        await host.settle()
        try await host.approve(merge.id, tenant: "a", principal: "reviewer", reason: "ok")
        await host.settle()
        let ended = try await host.job(merge.id, tenant: "a")
        #expect(ended.state == .failed)
        #expect(ended.error?.code == "idempotency_key_conflict")
        #expect(ended.result == nil)
        #expect(worker.ran == [read.id])
    }
}
