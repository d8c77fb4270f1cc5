import Foundation
import Testing

@Suite struct SchemaCommandTests {
    @Test func validInstancesExitZero() async throws {
        let instance = try PackctlRunner.temporaryFile(#"{"name": "Ada"}"#, name: "ok.json")
        let output = try await PackctlRunner.run([
            "schema", "validate", "--schema", "packs/hello/pack/schemas/GreetInput.json", instance,
        ])
        #expect(output.status == 0)
        #expect(output.stdout.contains("valid"))
    }

    @Test func anInvalidInstanceExitsOneAndNamesThePointer() async throws {
        let good = try PackctlRunner.temporaryFile("name: Ada\n", name: "good.yaml")
        let bad = try PackctlRunner.temporaryFile("name: Ada\nlanguage: klingon\n", name: "bad.yaml")
        let output = try await PackctlRunner.run([
            "schema", "validate", "--schema", "packs/hello/pack/schemas/GreetInput.json", good, bad,
        ])
        #expect(output.status == 1)
        #expect(output.stdout.contains("bad.yaml:2"))
        #expect(output.stdout.contains("/language"))
    }

    @Test func anUnusableSchemaExitsTwo() async throws {
        let schema = try PackctlRunner.temporaryFile(#"{"type": "object", "pattern": "("}"#, name: "s.json")
        let instance = try PackctlRunner.temporaryFile("{}", name: "i.json")
        #expect(try await PackctlRunner.run(["schema", "validate", "--schema", schema, instance]).status == 2)
        #expect(
            try await PackctlRunner.run(["schema", "validate", "--schema", "/nonexistent.json", instance]).status == 2
        )
    }
}
