import JSONSchema
import StructuredData
import Testing
import WorkflowEngine

@testable import PackHost

@Suite("Schema and workflow registries")
struct RegistryTests {
    let time = Timestamp(seconds: 1_768_730_400)
    let schema: JSONValue = [
        "$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["name"],
    ]
    let workflow: JSONValue = [
        "name": "greet",
        "steps": ["run": ["type": "worker", "topic": "job.x.greet", "input_schema_id": "x/Input"]],
    ]

    @Test("a schema that does not compile is never stored")
    func schemaMustCompile() throws {
        let database = try InstallFixture.database()
        let error = #expect(throws: HostError.self) {
            try database.write { db in
                try HostSchemaRegistry.save(id: "x/Bad", schema: ["type": 12], at: time, in: db)
            }
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("x/Bad") == true)
        #expect(try database.read { db in try HostSchemaRegistry.list(in: db) }.isEmpty)
    }

    @Test("a 2020-12 schema is checked and validated by its own rules; an unimplemented draft under draft-07's")
    func laterDraftsKeepTheirRules() throws {
        let strict: JSONValue = [
            "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
            "properties": ["name": ["type": "string"]], "unevaluatedProperties": false,
        ]
        #expect(try HostSchemaRegistry.check(strict, id: "x/Strict") == nil)
        let database = try InstallFixture.database()
        let catalog = try database.write { db in
            try HostSchemaRegistry.save(id: "x/Strict", schema: strict, at: time, in: db)
            return try HostSchemaRegistry.catalog(in: db)
        }
        // Under draft-07 rules `unevaluatedProperties` would be an unknown keyword and the extra field would pass.
        let compiled = try JSONSchema(try #require(catalog["x/Strict"]))
        #expect(compiled.isValid(["name": "a"]))
        #expect(!compiled.isValid(["name": "a", "extra": 1]))
        let next: JSONValue = ["$schema": "https://json-schema.org/draft/next/schema", "type": "object"]
        let note = try HostSchemaRegistry.check(next, id: "x/Next")
        #expect(note?.contains("draft-07 rules") == true)
    }

    @Test("every changed save is a new version; get returns the newest; an unchanged save writes nothing")
    func versions() throws {
        let database = try InstallFixture.database()
        try database.write { db in
            try HostSchemaRegistry.save(id: "x/Input", schema: schema, at: time, in: db)
            let again = try HostSchemaRegistry.save(id: "x/Input", schema: schema, at: time, in: db)
            #expect(again.written == false)
            try HostSchemaRegistry.save(id: "x/Input", schema: ["type": "object"], at: time, in: db)
        }
        let (latest, versions) = try database.read { db in
            (try HostSchemaRegistry.get(id: "x/Input", in: db), try HostSchemaRegistry.versions(id: "x/Input", in: db))
        }
        #expect(latest?.version == 2)
        #expect(latest?.document == ["type": "object"])
        #expect(versions.map(\.version) == [2, 1])
        #expect(try database.write { db in try HostSchemaRegistry.delete(id: "x/Input", in: db) })
        #expect(try database.read { db in try HostSchemaRegistry.get(id: "x/Input", in: db) } == nil)
    }

    @Test("save validates the workflow first and lists every problem")
    func workflowValidated() throws {
        let database = try InstallFixture.database()
        let bad: JSONValue = [
            "steps": [
                "a": ["type": "worker", "topic": "job.x.a", "depends_on": ["missing"]],
                "b": ["type": "worker", "topic": "job.x.b", "input_schema_id": "x/Nope"],
            ]
        ]
        let error = #expect(throws: HostError.self) {
            try database.write { db in try WorkflowRegistry.save(id: "x.bad", document: bad, at: time, in: db) }
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("missing") == true)
        #expect(error?.message.contains("x/Nope") == true)
        #expect(try database.read { db in try WorkflowRegistry.list(in: db) }.isEmpty)
    }

    @Test("system workflows are visible to every tenant; tenant workflows only to theirs; no shadowing")
    func tenants() throws {
        let database = try InstallFixture.database()
        try database.write { db in
            try HostSchemaRegistry.save(id: "x/Input", schema: schema, at: time, in: db)
            try WorkflowRegistry.save(id: "x.greet", document: workflow, at: time, in: db)
            try WorkflowRegistry.save(id: "acme.own", document: workflow, tenant: "acme", at: time, in: db)
        }
        let loaded = try database.read { db in try WorkflowRegistry.workflow(id: "x.greet", tenant: "acme", in: db) }
        #expect(loaded.id == "x.greet")
        #expect(loaded.schemas["x/Input"] != nil)
        #expect(
            try database.read { db in try WorkflowRegistry.list(tenant: "acme", in: db) }.map(\.id) == [
                "acme.own", "x.greet",
            ]
        )
        #expect(try database.read { db in try WorkflowRegistry.list(tenant: "other", in: db) }.map(\.id) == ["x.greet"])
        let missing = #expect(throws: HostError.self) {
            try database.read { db in try WorkflowRegistry.workflow(id: "acme.own", tenant: "other", in: db) }
        }
        #expect(missing?.code == .notFound)
        let shadow = #expect(throws: HostError.self) {
            try database.write { db in
                try WorkflowRegistry.save(id: "x.greet", document: workflow, tenant: "acme", at: time, in: db)
            }
        }
        #expect(shadow?.code == .conflict)
        let taken = #expect(throws: HostError.self) {
            try database.write { db in try WorkflowRegistry.save(id: "acme.own", document: workflow, at: time, in: db) }
        }
        #expect(taken?.code == .conflict)
    }
}
