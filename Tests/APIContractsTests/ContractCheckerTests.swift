import APIContracts
import StructuredData
import Testing

@Suite("Contract checks over exchange logs, with exceptions")
struct ContractCheckerTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: Issues, version: "1"}
        paths:
          /issues/{number}:
            get:
              operationId: getIssue
              parameters: [{name: number, in: path, required: true, schema: {type: integer}}]
              responses:
                "200":
                  description: an issue
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [number, title]
                        properties: {number: {type: integer}, title: {type: string}, closed_by: {type: object}}
        """

    static let log = """
        {"request": {"method": "GET", "url": "http://127.0.0.1:9/issues/1", "headers": {}, "body": ""}, \
        "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": "{\\"number\\": 1, \\"title\\": \\"a\\", \\"closed_by\\": null}"}}

        {"request": {"method": "GET", "url": "/issues/2"}, "response": {"status": 200, "headers": {"content-type": "application/json"}, "body": "{\\"number\\": 2}"}}
        {"request": {"method": "DELETE", "url": "/issues/2"}}
        """

    @Test func readsTheLogFormat() throws {
        let exchanges = try HTTPExchange.readLog(Self.log, file: "run.jsonl")
        #expect(exchanges.count == 3)
        #expect(exchanges[0].request.path == "/issues/1")
        #expect(exchanges[0].response?.headers["content-type"] == "application/json")
        #expect(exchanges[2].response == nil)
        let again = try HTTPExchange.readLog(HTTPExchange.log(exchanges))
        #expect(again == exchanges)
        do {
            _ = try HTTPExchange.readLog("{\"request\": {\"url\": \"/x\"}}", file: "bad.jsonl")
            Issue.record("a request without a method was accepted")
        } catch {
            #expect(error.code == .invalidExchange)
            #expect(error.location == "bad.jsonl:1")
            #expect(error.message.contains("request.method"))
        }
    }

    @Test func violationsAreReportedWithoutExceptions() throws {
        let report = ContractChecker(spec: try document(Self.spec)).check(try HTTPExchange.readLog(Self.log))
        #expect(!report.passed)
        #expect(report.violations.map(\.location) == ["response.body/closed_by", "response.body", "request"])
        #expect(report.violations.map(\.exchange) == [1, 2, 3])
        #expect(report.description.contains("3 exchanges checked: 3 violations"))
    }

    @Test func exceptionsCoverKnownGapsAndStaleOnesFail() throws {
        let exceptions = try ContractExceptions(
            YAMLLoader.load(
                """
                exceptions:
                  - operation: getIssue
                    location: response.body/closed_by
                    reason: the published description lacks nullable on closed_by
                  - operation: DELETE /issues/2
                    reason: deleting issues is not described
                  - operation: GET /issues/{number}
                    location: request.query.page
                    reason: nobody sends page
                """
            )
        )
        let report = ContractChecker(spec: try document(Self.spec), exceptions: exceptions)
            .check(try HTTPExchange.readLog(Self.log))
        #expect(report.violations.map(\.location) == ["response.body"])
        #expect(report.excepted.map(\.exception.operation) == ["getIssue", "DELETE /issues/2"])
        #expect(report.staleExceptions.map(\.location) == ["request.query.page"])
        #expect(report.json["stale_exceptions"]?.arrayValue?.count == 1)
        #expect(!report.passed)
    }

    @Test func malformedExceptionsNameTheEntry() throws {
        for (text, pointer) in [
            ("exceptions:\n  - operation: getIssue\n", "/exceptions/0/reason"),
            ("exceptions:\n  - reason: x\n", "/exceptions/0/operation"),
            ("exceptions:\n  - {operation: a, reason: b, why: c}\n", "/exceptions/0/why"),
            ("skip: []\n", ""),
        ] {
            let value = try YAMLLoader.load(text)
            do {
                _ = try ContractExceptions(value, file: "contract-exceptions.yaml")
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.code == .invalidException)
                #expect(error.location == "contract-exceptions.yaml#\(pointer)")
            }
        }
    }
}
