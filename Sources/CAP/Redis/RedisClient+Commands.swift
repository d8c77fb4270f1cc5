/// The commands a pointer store needs.
extension RedisClient {
    /// The remaining lifetime of a key, as `TTL` reports it.
    public enum TimeToLive: Sendable, Hashable {
        /// The key does not exist.
        case missing
        /// The key exists and does not expire.
        case persistent
        /// The key expires in this many seconds.
        case seconds(Int)
    }

    /// When `SET` may write.
    public enum SetCondition: Sendable, Hashable {
        /// Always.
        case always
        /// Only if the key does not exist (`NX`).
        case ifNotExists
        /// Only if the key exists (`XX`).
        case ifExists
    }

    /// `GET key`: the value, or `nil` if there is none.
    public func get(_ key: String) async throws -> [UInt8]? {
        switch try await send(RESPCommand("GET", Array(key.utf8))) {
        case .bulkString(let bytes): return bytes
        default: throw unexpected("GET")
        }
    }

    /// `GET key` as UTF-8 text.
    public func getString(_ key: String) async throws -> String? {
        try await get(key).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `SET key value [EX seconds] [NX|XX]`.
    /// - Parameters:
    ///   - key: The key.
    ///   - value: The bytes to store.
    ///   - expiration: Lifetime, rounded up to whole seconds; `nil` keeps the key forever.
    ///   - condition: `NX`/`XX`.
    /// - Returns: Whether the value was written (`false` only when the condition was not met).
    @discardableResult
    public func set(
        _ key: String,
        to value: [UInt8],
        expiration: Duration? = nil,
        condition: SetCondition = .always
    ) async throws -> Bool {
        var arguments: [[UInt8]] = [Array("SET".utf8), Array(key.utf8), value]
        if let expiration {
            arguments += [Array("EX".utf8), Array(String(Self.wholeSeconds(expiration)).utf8)]
        }
        switch condition {
        case .always: break
        case .ifNotExists: arguments.append(Array("NX".utf8))
        case .ifExists: arguments.append(Array("XX".utf8))
        }
        switch try await send(RESPCommand(arguments: arguments)) {
        case .simpleString: return true
        case .bulkString(nil): return false
        default: throw unexpected("SET")
        }
    }

    /// `SET` with UTF-8 text.
    @discardableResult
    public func set(
        _ key: String,
        to value: String,
        expiration: Duration? = nil,
        condition: SetCondition = .always
    ) async throws -> Bool {
        try await set(key, to: Array(value.utf8), expiration: expiration, condition: condition)
    }

    /// `DEL key…`: how many keys were removed.
    @discardableResult
    public func delete(_ keys: String...) async throws -> Int {
        try await integer(RESPCommand(arguments: [Array("DEL".utf8)] + keys.map { Array($0.utf8) }), "DEL")
    }

    /// `EXISTS key…`: how many of the keys exist.
    public func exists(_ keys: String...) async throws -> Int {
        try await integer(RESPCommand(arguments: [Array("EXISTS".utf8)] + keys.map { Array($0.utf8) }), "EXISTS")
    }

    /// `EXPIRE key seconds`: whether the key exists (and now expires).
    @discardableResult
    public func expire(_ key: String, after lifetime: Duration) async throws -> Bool {
        let seconds = Array(String(Self.wholeSeconds(lifetime)).utf8)
        return try await integer(RESPCommand("EXPIRE", Array(key.utf8), seconds), "EXPIRE") == 1
    }

    /// `TTL key`.
    public func timeToLive(_ key: String) async throws -> TimeToLive {
        switch try await integer(RESPCommand("TTL", Array(key.utf8)), "TTL") {
        case -2: .missing
        case -1: .persistent
        case let seconds: .seconds(seconds)
        }
    }

    /// `PING`.
    public func ping() async throws {
        _ = try await send(RESPCommand("PING"))
    }

    private func integer(_ command: RESPCommand, _ name: String) async throws -> Int {
        guard case .integer(let value) = try await send(command) else { throw unexpected(name) }
        return value
    }

    private func unexpected(_ name: String) -> RedisError {
        RedisError(.unexpectedReply, "Redis answered \(name) with a reply of an unexpected type.")
    }

    private static func wholeSeconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds + (attoseconds > 0 ? 1 : 0))
    }
}
