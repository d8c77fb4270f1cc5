import EmulatorKit
import MSTeamsEmulator
import StructuredData
import Testing

/// The emulator answers as Graph and Entra ID do: OAuth errors from the token endpoint, 401 without a token, Graph's
/// error shape, `@odata.nextLink` paging and a message with an unreferenced attachment refused.
@Suite("Microsoft Teams emulator answers")
struct MSTeamsEmulatorAnswerTests {
    let pipeline: EmulatorPipeline

    init() throws {
        pipeline = try MSTeamsEmulator.definition().makePipeline()
    }

    func send(_ method: String, _ target: String, body: String = "", headers: [String: String] = [:]) async
        -> EmulatorResponse
    {
        let request = EmulatorRequest(
            method: method,
            target: target,
            headers: headers,
            body: Array(body.utf8),
            baseURL: "http://127.0.0.1:1"
        )
        return await pipeline.respond(to: request)
    }

    func token() async throws -> String {
        let answer = await send(
            "POST",
            "/\(MSTeamsDemo.tenantID)/oauth2/v2.0/token",
            body:
                "grant_type=client_credentials&client_id=\(MSTeamsDemo.clientID)&client_secret=\(MSTeamsDemo.clientSecret)&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
            headers: ["content-type": "application/x-www-form-urlencoded"]
        )
        #expect(answer.status == 200)
        #expect(answer.jsonBody?["token_type"] == "Bearer" && answer.jsonBody?["expires_in"] == 3599)
        return try #require(answer.jsonBody?["access_token"]?.stringValue)
    }

    @Test("the token endpoint answers OAuth errors for a wrong secret and a scope without /.default")
    func tokenErrors() async throws {
        let wrong = await send(
            "POST",
            "/t/oauth2/v2.0/token",
            body:
                "grant_type=client_credentials&client_id=\(MSTeamsDemo.clientID)&client_secret=nope&scope=x%2F.default"
        )
        #expect(wrong.status == 401 && wrong.jsonBody?["error"] == "invalid_client")
        let scope = await send(
            "POST",
            "/t/oauth2/v2.0/token",
            body: "grant_type=client_credentials&client_id=a&client_secret=b&scope=User.Read"
        )
        #expect(scope.status == 400 && scope.jsonBody?["error"] == "invalid_scope")
    }

    @Test("Graph refuses calls without a valid token in its error shape")
    func unauthenticated() async throws {
        let answer = await send("GET", "/v1.0/teams")
        #expect(answer.status == 401)
        #expect(answer.jsonBody?["error"]?["code"] == "InvalidAuthenticationToken")
        let bogus = await send("GET", "/v1.0/teams", headers: ["authorization": "Bearer nope"])
        #expect(bogus.status == 401)
    }

    @Test("lists page with $top and an absolute @odata.nextLink")
    func paging() async throws {
        let bearer = ["authorization": "Bearer \(try await token())"]
        let first = await send("GET", "/v1.0/teams/\(MSTeamsDemo.teamID)/channels?$top=2", headers: bearer)
        #expect(first.jsonBody?["value"]?.arrayValue?.count == 2)
        let next = try #require(first.jsonBody?["@odata.nextLink"]?.stringValue)
        #expect(next.hasPrefix("http://127.0.0.1:1/v1.0/teams/"))
        let second = await send("GET", String(next.dropFirst("http://127.0.0.1:1".count)), headers: bearer)
        #expect(second.jsonBody?["value"]?.arrayValue?.count == 1)
        #expect(second.jsonBody?["@odata.nextLink"] == nil)
        let tooMany = await send("GET", "/v1.0/teams?$top=51", headers: bearer)
        #expect(tooMany.status == 400 && tooMany.jsonBody?["error"]?["code"] == "BadRequest")
    }

    @Test("a message whose attachment the body does not reference is refused")
    func attachmentReference() async throws {
        let bearer = ["authorization": "Bearer \(try await token())", "content-type": "application/json"]
        let body = JSONEncoding.compact([
            "body": ["contentType": "html", "content": "no reference"],
            "attachments": [
                ["id": "a1", "contentType": "application/vnd.microsoft.card.adaptive", "content": "{}"]
            ],
        ])
        let answer = await send(
            "POST",
            "/v1.0/teams/\(MSTeamsDemo.teamID)/channels/19%3Ageneral%40thread.tacv2/messages",
            body: body,
            headers: bearer
        )
        #expect(answer.status == 400)
    }
}
