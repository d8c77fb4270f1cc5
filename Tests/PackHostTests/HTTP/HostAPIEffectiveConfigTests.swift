import HTTPTypes
import PackHost
import StructuredData
import Testing

/// `GET /config/effective` asks for what `GET /config` asks for each scope it merges (docs/security.md, "Tenancy
/// and audit").
@Suite("HTTP API: effective config scopes")
struct HostAPIEffectiveConfigTests {
    @Test(
        "a tenant key cannot read a team, workflow or step document through the effective config",
        arguments: [("team", "team_id"), ("workflow", "workflow_id"), ("step", "step_id")]
    )
    func aTenantKeyCannotReadTeamWorkflowOrStepConfigThroughTheEffectiveConfig(scope: String, field: String)
        async throws
    {
        let host = try APITestHost()
        try await host.test { client in
            let written = try await client.call(
                .post,
                "/config",
                json: ["scope": .string(scope), "scope_id": "other", "data": ["webhook_token": "t0ps3cret"]]
            )
            #expect(written.status == 204)
            let direct = try await client.call(
                .get,
                "/config?scope=\(scope)&scope_id=other",
                key: APITestHost.Key.alice
            )
            #expect(direct.errorCode == "forbidden")
            let merged = try await client.call(
                .get,
                "/config/effective?\(field)=other",
                key: APITestHost.Key.alice
            )
            #expect(merged.status == 403)
            #expect(merged.errorCode == "forbidden")
            #expect(!merged.body.contains("t0ps3cret"))
            let admin = try await client.call(.get, "/config/effective?\(field)=other")
            #expect(admin.json["webhook_token"] == "t0ps3cret")
        }
    }
}
