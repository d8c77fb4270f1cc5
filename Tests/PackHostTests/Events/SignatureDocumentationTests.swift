import Foundation
import PackHost
import ServerTesting
import Testing
import WorkflowEngine

/// The Python verification example of docs/events.md verifies what the host signs, and refuses what it must.
@Suite struct SignatureDocumentationTests {
    /// The ```python block of docs/events.md that defines `verify`.
    static func documentedVerifier() throws -> String {
        let docs = URL(fileURLWithPath: StaticCatalog.helloPath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/events.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let blocks = text.components(separatedBy: "```python\n").dropFirst().map {
            $0.components(separatedBy: "```").first ?? ""
        }
        return try #require(blocks.first { $0.contains("def verify(") })
    }

    @Test func thePythonExampleOfTheDocsVerifiesTheHostsSignature() throws {
        let verifier = try Self.documentedVerifier()
        let secret = "doc-example-secret-0123456789"
        let body = #"{"id":7,"type":"run.succeeded"}"#
        let now = SystemClock().now()
        let good = WebhookSignature.sign(Array(body.utf8), secret: secret, at: now)
        let stale = WebhookSignature.sign(Array(body.utf8), secret: secret, at: now.adding(seconds: -400))
        let script =
            verifier + """

                import sys
                body = sys.argv[1].encode()
                print(verify(sys.argv[2], body, sys.argv[4]), verify(sys.argv[2], body + b" ", sys.argv[4]),
                      verify(sys.argv[3], body, sys.argv[4]), verify(sys.argv[2], body, "another-secret-0123456"))
                """
        let output = try CapturedRun.run("/usr/bin/env", ["python3", "-c", script, body, good, stale, secret])
        let printed = String(decoding: output.stdout, as: UTF8.self)
        #expect(output.status == 0)
        #expect(printed.trimmingCharacters(in: .whitespacesAndNewlines) == "True False False False")
    }
}
