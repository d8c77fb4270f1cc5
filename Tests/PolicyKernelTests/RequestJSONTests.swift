import PolicyKernel
import StructuredData
import Testing

/// Reading the simulate/evaluate body and the pack-simulation request form.
@Suite struct RequestJSONTests {
    @Test func gatewayBody() throws {
        let request = try PolicyRequest(json: [
            "job_id": "j-1", "topic": "job.github.write", "tenant": "acme", "principal_id": "p",
            "priority": "batch", "estimated_cost": 1.5, "budget": ["max_input_tokens": 3], "memory_id": "m",
            "org_id": "o", "team_id": "t", "workflow_id": "w", "step_id": "s",
            "labels": ["env": "prod"], "effective_config": ["safety": ["denied_topics": ["job.x"]]],
            "meta": [
                "tenant_id": "acme", "actor_id": "alice", "actor_type": "human", "idempotency_key": "k",
                "capability": "github.pr.write", "risk_tags": ["write"], "requires": ["repo"], "pack_id": "github",
                "labels": ["meta": "label"],
            ],
        ])
        #expect(request.jobID == "j-1")
        #expect(request.topic == "job.github.write")
        #expect(request.tenant == "acme")
        #expect(request.principalID == "p")
        #expect(request.labels == ["env": "prod"])
        #expect(request.effectiveConfig != nil)
        #expect(request.meta.tenantID == "acme")
        #expect(request.meta.actorID == "alice")
        #expect(request.meta.actorType == .human)
        #expect(request.meta.idempotencyKey == "k")
        #expect(request.meta.capability == "github.pr.write")
        #expect(request.meta.riskTags == ["write"])
        #expect(request.meta.requires == ["repo"])
        #expect(request.meta.packID == "github")
        #expect(request.meta.labels == ["meta": "label"])
    }

    @Test func protojsonNamesAndTheSDKsTopLevelFieldsReadAsTheProtoNames() throws {
        let snake = try PolicyRequest(json: [
            "job_id": "j-1", "topic": "job.x", "principal_id": "p", "org_id": "o",
            "effective_config": ["a": 1], "meta": ["risk_tags": ["write"], "pack_id": "github"],
        ])
        let camel = try PolicyRequest(json: [
            "jobId": "j-1", "topic": "job.x", "principalId": "p", "orgId": "o", "effectiveConfig": ["a": 1],
            "meta": ["riskTags": ["write"], "packId": "github"], "teamId": "t", "estimatedCost": 2,
        ])
        #expect(camel == snake)
        let sdk = try PolicyRequest(json: [
            "topic": "job.x", "org_id": "o", "risk_tags": ["write"], "pack_id": "github", "job_id": "j-1",
            "principal_id": "p", "effective_config": ["a": 1], "context": ["anything": true],
        ])
        #expect(sdk == snake)
        #expect(throws: PolicyError.self) { try PolicyRequest(json: ["topic": "job.x", "jobId": "a", "job_id": "b"]) }
        #expect(throws: PolicyError.self) { try PolicyRequest(json: ["topic": "job.x", "estimatedCost": "many"]) }
    }

    @Test func packSimulationForm() throws {
        let request = try PolicyRequest(json: [
            "tenantId": "default", "topic": "job.github.read", "capability": "github.read",
            "riskTags": ["read", "network"], "requires": ["repo"], "packId": "github", "actorId": "bot",
            "actorType": "Service",
        ])
        #expect(request.tenant == "default")
        #expect(request.meta.tenantID == "default")
        #expect(request.meta.riskTags == ["read", "network"])
        #expect(request.meta.packID == "github")
        #expect(request.meta.actorID == "bot")
        #expect(request.meta.actorType == .service)
    }

    @Test func camelCaseUnderMeta() throws {
        let request = try PolicyRequest(json: [
            "topic": "job.x",
            "meta": ["tenantId": "t", "riskTags": ["a"], "packId": "p", "actorId": "a", "actorType": "human"],
        ])
        #expect(request.meta.tenantID == "t" && request.tenant.isEmpty)
        #expect(request.meta.riskTags == ["a"] && request.meta.packID == "p")
        #expect(request.meta.actorID == "a" && request.meta.actorType == .human)
    }

    @Test func orgIDStandsInForTenant() throws {
        #expect(try PolicyRequest(json: ["topic": "job.x", "org_id": "org"]).tenant == "org")
        #expect(try PolicyRequest(json: ["topic": "job.x", "org_id": "org", "tenant": "t"]).tenant == "t")
    }

    @Test(arguments: ["human", "HUMAN", " Human ", "ACTOR_TYPE_HUMAN"])
    func humanActorType(text: String) throws {
        #expect(try PolicyRequest(json: ["topic": "job.x", "actorType": .string(text)]).meta.actorType == .human)
    }

    @Test(arguments: ["robot", "", "unspecified"])
    func otherActorTypesAreUnspecified(text: String) throws {
        #expect(try PolicyRequest(json: ["topic": "job.x", "actorType": .string(text)]).meta.actorType == .unspecified)
    }

    @Test func nullMeansAbsent() throws {
        let request = try PolicyRequest(json: ["topic": "job.x", "tenant": nil, "meta": nil, "labels": nil])
        #expect(request.tenant.isEmpty && request.labels.isEmpty)
    }

    static let refusals: [(JSONValue, PolicyError.Code, String)] = [
        (["topic": "job.x", "tenent": "a"], .unknownField, "tenent"),
        (["topic": "job.x", "meta": ["risk": ["a"]]], .unknownField, "meta.risk"),
        (["topic": 3], .invalidField, "topic"),
        (["topic": "job.x", "labels": ["env": 1]], .invalidField, "labels.env"),
        (["topic": "job.x", "meta": ["risk_tags": ["a", 2]]], .invalidField, "meta.risk_tags[1]"),
        (["topic": "job.x", "riskTags": "write"], .invalidField, "riskTags"),
        (["topic": "job.x", "meta": "m"], .invalidField, "meta"),
        (["topic": "job.x", "estimated_cost": "cheap"], .invalidField, "estimated_cost"),
        (["topic": "job.x", "tenant": "a", "tenantId": "b"], .conflictingFields, "tenantId"),
        (["topic": "job.x", "riskTags": ["a"], "meta": ["risk_tags": ["b"]]], .conflictingFields, "riskTags"),
        (.array([]), .invalidField, ""),
    ]

    @Test(arguments: refusals)
    func refused(json: JSONValue, code: PolicyError.Code, field: String) {
        #expect {
            _ = try PolicyRequest(json: json)
        } throws: { error in
            guard let error = error as? PolicyError else { return false }
            return error.code == code && error.field == field
        }
    }

    @Test func unknownKeysAreAllNamed() throws {
        do {
            _ = try PolicyRequest(json: ["topic": "job.x", "zeta": 1, "alpha": 2])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unknownField)
            #expect(error.message.contains("alpha") && error.message.contains("zeta"))
        }
    }

    @Test func sameValueInTwoSpellingsIsFine() throws {
        let request = try PolicyRequest(json: ["topic": "job.x", "tenant": "a", "tenantId": "a"])
        #expect(request.tenant == "a")
    }
}
