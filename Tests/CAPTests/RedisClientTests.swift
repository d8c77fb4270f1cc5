import CAP
import Foundation
import ServerTesting
import Testing

@Suite("Redis client against redis-server", .serialized, .timeLimit(.minutes(3)))
struct RedisClientTests {
    @Test func setGetDeleteExistsAndExpiry() async throws {
        let server = try await ServerProcess.redis()
        defer { server.stop() }
        let redis = RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(server.port)"))
        let key = "ctx:run-1:step@1"
        #expect(try await redis.get(key) == nil)
        #expect(try await redis.set(key, to: "{\"a\":1}"))
        #expect(try await redis.getString(key) == "{\"a\":1}")
        #expect(try await redis.set(key, to: [0, 13, 10, 255]))
        #expect(try await redis.get(key) == [0, 13, 10, 255])
        #expect(try await redis.timeToLive(key) == .persistent)
        #expect(try await redis.expire(key, after: .seconds(100)))
        guard case .seconds(let left) = try await redis.timeToLive(key) else {
            Issue.record("no TTL after EXPIRE")
            return
        }
        #expect((90...100).contains(left))  // a loaded machine may take seconds between the calls
        #expect(try await redis.set("res:j", to: "x", expiration: .seconds(3600)))
        guard case .seconds(let hour) = try await redis.timeToLive("res:j") else {
            Issue.record("no TTL after SET with EX")
            return
        }
        #expect((3590...3600).contains(hour))
        #expect(try await redis.exists(key, "res:j", "nope") == 2)
        #expect(try await redis.delete(key, "nope") == 1)
        #expect(try await redis.timeToLive(key) == .missing)
        #expect(!(try await redis.expire(key, after: .seconds(1))))
        await redis.close()
    }

    @Test func setNXAndXX() async throws {
        let server = try await ServerProcess.redis()
        defer { server.stop() }
        let redis = RedisClient(configuration: RedisConfiguration(host: "127.0.0.1", port: server.port))
        #expect(!(try await redis.set("k", to: "1", condition: .ifExists)))
        #expect(try await redis.set("k", to: "1", condition: .ifNotExists))
        #expect(!(try await redis.set("k", to: "2", condition: .ifNotExists)))
        #expect(try await redis.set("k", to: "3", expiration: .seconds(5), condition: .ifExists))
        #expect(try await redis.getString("k") == "3")
        await redis.close()
    }

    @Test func expiryTakesEffect() async throws {
        let server = try await ServerProcess.redis()
        defer { server.stop() }
        let redis = RedisClient(configuration: RedisConfiguration(host: "127.0.0.1", port: server.port))
        try await redis.set("short", to: "x", expiration: .milliseconds(1))  // rounded up to 1 s
        #expect(try await eventually(timeout: .seconds(3)) { try await redis.get("short") == nil })
        await redis.close()
    }

    @Test func pipelinesConcurrentCommands() async throws {
        let server = try await ServerProcess.redis()
        defer { server.stop() }
        let redis = RedisClient(configuration: RedisConfiguration(host: "127.0.0.1", port: server.port))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<50 {
                group.addTask {
                    try await redis.set("k\(i)", to: "v\(i)")
                    let value = try await redis.getString("k\(i)")
                    #expect(value == "v\(i)")
                }
            }
            try await group.waitForAll()
        }
        await redis.close()
    }

    @Test func authenticatesAndSelectsTheDatabase() async throws {
        let server = try await ServerProcess.redis(password: "r3dis-secret")
        defer { server.stop() }
        let db2 = RedisClient(
            configuration: try RedisConfiguration(url: "redis://:r3dis-secret@127.0.0.1:\(server.port)/2")
        )
        let db0 = RedisClient(
            configuration: try RedisConfiguration(url: "redis://:r3dis-secret@127.0.0.1:\(server.port)")
        )
        try await db2.set("only-in-2", to: "x")
        #expect(try await db2.exists("only-in-2") == 1)
        #expect(try await db0.exists("only-in-2") == 0)
        #expect(try await db2.send(["CLIENT", "INFO"]) != .bulkString(nil))
        await db2.close()
        await db0.close()
    }

    @Test(arguments: ["redis://:wrong-pw@127.0.0.1:PORT", "redis://127.0.0.1:PORT"])
    func authenticationFailureHidesThePassword(_ template: String) async throws {
        let server = try await ServerProcess.redis(password: "r3dis-secret")
        defer { server.stop() }
        let url = template.replacingOccurrences(of: "PORT", with: String(server.port))
        let redis = RedisClient(configuration: try RedisConfiguration(url: url))
        await #expect {
            try await redis.ping()
        } throws: { error in
            let error = error as? RedisError
            return error?.code == .authenticationFailed && !(error?.description.contains("wrong-pw") ?? true)
                && !(error?.description.contains("r3dis-secret") ?? true)
        }
    }

    @Test func badDatabaseIsSelectFailed() async throws {
        let server = try await ServerProcess.redis()
        defer { server.stop() }
        let redis = RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(server.port)/999"))
        await #expect { try await redis.ping() } throws: { ($0 as? RedisError)?.code == .selectFailed }
    }

    @Test func serverErrorsAndReconnect() async throws {
        var server = try await ServerProcess.redis()
        defer { server.stop() }
        let redis = RedisClient(configuration: RedisConfiguration(host: "127.0.0.1", port: server.port))
        #expect(try await redis.send(["LPUSH", "list", "a"]) == .integer(1))
        await #expect { try await redis.get("list") } throws: { ($0 as? RedisError)?.code == .serverError }
        server.stop()
        await #expect { try await redis.ping() } throws: { error in
            let code = (error as? RedisError)?.code
            return code == .connectionLost || code == .connectionFailed
        }
        server = try await server.restarted()
        try await redis.ping()
        await redis.close()
        await #expect { try await redis.ping() } throws: { ($0 as? RedisError)?.code == .clientClosed }
    }
}
