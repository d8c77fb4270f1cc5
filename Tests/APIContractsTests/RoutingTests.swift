import APIContracts
import Testing

@Suite("Resolving a request to its operation")
struct RoutingTests {
    let spec = """
        openapi: 3.0.3
        info: {title: Shop, version: "1"}
        servers:
          - url: https://{region}.example.com/api/v2
            variables: {region: {default: eu}}
        paths:
          /users/{id}:
            get: {operationId: getUser, responses: {"200": {description: ok}}}
          /users/me:
            get: {operationId: getMe, responses: {"200": {description: ok}}}
          /files/{name}.json:
            get: {operationId: getFile, responses: {"200": {description: ok}}}
          /repos/{owner}/{repo}:
            delete: {operationId: deleteRepo, responses: {"204": {description: gone}}}
        """

    @Test func literalSegmentsWinOverTemplates() throws {
        let validator = ContractValidator(document: try document(spec))
        #expect(validator.operation(method: "GET", path: "/api/v2/users/me")?.operation.operationID == "getMe")
        let user = try #require(validator.operation(method: "get", path: "/api/v2/users/42"))
        #expect(user.operation.operationID == "getUser")
        #expect(user.pathParameters == ["id": "42"])
    }

    @Test func serverBasePathAndTemplatesInsideSegments() throws {
        let validator = ContractValidator(document: try document(spec))
        let file = try #require(validator.operation(method: "GET", path: "/api/v2/files/report%20one.json"))
        #expect(file.operation.operationID == "getFile")
        #expect(file.pathParameters == ["name": "report one"])
        #expect(validator.operation(method: "GET", path: "/users/42") == nil)
        #expect(validator.operation(method: "POST", path: "/api/v2/users/42") == nil)
        let other = ContractValidator(document: try document(spec), basePath: "/")
        #expect(other.operation(method: "GET", path: "/users/42")?.operation.operationID == "getUser")
    }

    @Test func lonePlaceholdersMayTakeSeveralSegments() throws {
        let spec = try document(
            """
            openapi: 3.0.3
            info: {title: Git, version: "1"}
            paths:
              /repos/{owner}/{repo}/contents/{path}:
                get: {operationId: getContent, responses: {"200": {description: ok}}}
              /repos/{owner}/{repo}/commits/{ref}/status:
                get: {operationId: getStatus, responses: {"200": {description: ok}}}
              /repos/{owner}/{repo}/commits/{ref}:
                get: {operationId: getCommit, responses: {"200": {description: ok}}}
            """
        )
        let validator = ContractValidator(document: spec)
        let content = try #require(validator.operation(method: "GET", path: "/repos/a/b/contents/docs/guide/a.md"))
        #expect(content.operation.operationID == "getContent")
        #expect(content.pathParameters["path"] == "docs/guide/a.md")
        let status = try #require(validator.operation(method: "GET", path: "/repos/a/b/commits/heads/main/status"))
        #expect(status.operation.operationID == "getStatus")
        #expect(status.pathParameters["ref"] == "heads/main")
        #expect(
            validator.operation(method: "GET", path: "/repos/a/b/commits/main/status")?.operation.name == "getStatus"
        )
        #expect(validator.operation(method: "GET", path: "/repos/a/b/commits/main")?.operation.name == "getCommit")
    }

    @Test func swaggerBasePath() throws {
        let swagger = try document(
            """
            swagger: "2.0"
            info: {title: Chat, version: "1"}
            basePath: /api/
            paths:
              /chat.postMessage:
                post: {operationId: chat_postMessage, responses: {"200": {description: ok}}}
            """
        )
        #expect(swagger.version == .swagger2)
        let validator = ContractValidator(document: swagger)
        #expect(
            validator.operation(method: "POST", path: "/api/chat.postMessage")?.operation.name == "chat_postMessage"
        )
    }

    @Test func unknownOperationIsAViolation() throws {
        let found = violations(try document(spec), "GET", "http://127.0.0.1:8080/api/v2/orders")
        #expect(found.map(\.code) == [.unknownOperation])
        #expect(found.first?.request == "GET /api/v2/orders")
        let wrongMethod = violations(try document(spec), "POST", "/api/v2/users/7")
        #expect(wrongMethod.first?.message.hasSuffix("the path is described for GET") == true)
    }

    @Test func refusesDocumentsThatAreNotDescriptions() throws {
        #expect(throws: APIContractsError.self) { try document("openapi: 2.5\npaths: {}") }
        do {
            _ = try document("asyncapi: 2.0.0")
        } catch {
            #expect(error.code == .unsupportedVersion)
        }
    }
}
