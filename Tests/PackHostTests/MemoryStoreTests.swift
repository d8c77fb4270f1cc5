import Foundation
import PackHost
import StructuredData
import Testing
import WorkflowEngine

@Suite struct MemoryStoreTests {
    let clock = ManualClock()
    let memory: MemoryStore

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("memory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        memory = MemoryStore(
            database: try HostDatabase(path: folder.appendingPathComponent("host.sqlite").path),
            clock: clock
        )
    }

    func code(_ body: () throws -> Void) -> HostError.Code? {
        do {
            try body()
            return nil
        } catch { return (error as? HostError)?.code }
    }

    @Test func aJSONResultIsStoredAndReadBackInTheAPIShape() throws {
        let pointer = try memory.put(
            tenant: "acme",
            kind: .result,
            id: "run-1:greet@1",
            value: .json(["greeting": "hi"])
        )
        #expect(pointer.description == "redis://res:run-1:greet@1")
        let entry = try memory.get(tenant: "acme", pointer: "redis://res:run-1:greet@1")
        #expect(entry.bytes == Array(#"{"greeting":"hi"}"#.utf8))
        #expect(
            entry.json == [
                "pointer": "redis://res:run-1:greet@1", "key": "res:run-1:greet@1", "kind": "result", "size_bytes": 17,
                "base64": .string(Data(#"{"greeting":"hi"}"#.utf8).base64EncodedString()),
                "text": #"{"greeting":"hi"}"#, "json": ["greeting": "hi"],
            ]
        )
    }

    @Test func bareKeysAndQuotedPointersReadTheSameEntry() throws {
        try memory.put(tenant: "acme", kind: .context, id: "job-7", value: .json(["x": 1]))
        for form in ["redis://ctx:job-7", "ctx:job-7", "\"redis://ctx:job-7\"", "'ctx:job-7'"] {
            #expect(try memory.get(tenant: "acme", pointer: form).pointer.key == "ctx:job-7", "\(form)")
        }
        try memory.put(tenant: "acme", kind: .memory, id: "thread-1:summary", value: .bytes(Array("notes".utf8)))
        #expect(try memory.get(tenant: "acme", pointer: "mem:thread-1:summary").json["kind"] == "memory")
    }

    @Test func bytesThatAreNotTextHaveOnlyBase64() throws {
        try memory.put(tenant: "acme", kind: .memory, id: "blob", value: .bytes([0xff, 0x00, 0xfe]))
        let json = try memory.get(tenant: "acme", pointer: "redis://mem:blob").json
        #expect(json["base64"] == "/wD+")
        #expect(json["size_bytes"] == 3)
        #expect(json["text"] == nil && json["json"] == nil)
        try memory.put(tenant: "acme", kind: .memory, id: "plain", value: .bytes(Array("hello".utf8)))
        let plain = try memory.get(tenant: "acme", pointer: "redis://mem:plain").json
        #expect(plain["text"] == "hello" && plain["json"] == nil)
    }

    @Test func keysOutsideTheThreePrefixesAreInvalid() throws {
        for bad in ["redis://art:123", "job:meta:1", "redis://ctx/job-1", "", "redis://", "ctx:"] {
            #expect(code { _ = try memory.get(tenant: "acme", pointer: bad) } == .invalidArgument, "\(bad)")
        }
        #expect(
            throws: HostError(
                .invalidArgument,
                "memory key \"job:1\" is not a context (ctx:), result (res:) or memory (mem:) key"
            )
        ) {
            try memory.get(tenant: "acme", pointer: "job:1")
        }
        #expect(
            code { _ = try memory.put(tenant: "acme", kind: .result, id: "", value: .json(nil)) } == .invalidArgument
        )
        #expect(code { _ = try memory.put(tenant: "", kind: .result, id: "j", value: .json(nil)) } == .invalidArgument)
    }

    @Test func aMissingKeyAndAnotherTenantsKeyAnswerTheSame() throws {
        try memory.put(tenant: "acme", kind: .result, id: "job-1", value: .json(["secret": "acme's"]))
        #expect(throws: HostError(.notFound, "nothing is stored at redis://res:job-1")) {
            try memory.get(tenant: "globex", pointer: "redis://res:job-1")
        }
        #expect(throws: HostError(.notFound, "nothing is stored at redis://res:job-2")) {
            try memory.get(tenant: "acme", pointer: "redis://res:job-2")
        }
    }

    @Test func putReplacesAndEntriesExpire() throws {
        try memory.put(tenant: "acme", kind: .result, id: "job-1", value: .json(1), ttlMilliseconds: 1000)
        try memory.put(tenant: "acme", kind: .result, id: "job-1", value: .json(2), ttlMilliseconds: 2000)
        try memory.put(tenant: "acme", kind: .context, id: "job-1", value: .json(3))
        #expect(try memory.get(tenant: "acme", pointer: "res:job-1").jsonValue == 2)
        clock.advance(milliseconds: 2000)
        #expect(code { _ = try memory.get(tenant: "acme", pointer: "res:job-1") } == .notFound)
        #expect(try memory.purgeExpired() == 1)
        #expect(
            try memory.get(tenant: "acme", pointer: "ctx:job-1").expiresAt == Timestamp(seconds: 1_768_730_400 + 86_400)
        )
        clock.advance(milliseconds: 86_400_000)
        #expect(try memory.purgeExpired() == 1)
    }

    @Test func valuesOverTheLimitAreRefused() throws {
        let big = [UInt8](repeating: 1, count: MemoryStore.maximumValueBytes + 1)
        #expect(code { _ = try memory.put(tenant: "acme", kind: .memory, id: "big", value: .bytes(big)) } == .tooLarge)
    }
}
