import Foundation
public import StructuredData

/// The API keys a host accepts, read from `<data dir>/api-keys.json`
/// (`{"keys":[{"id","principal","tenants","admin","sha256"}]}`). Only hashes are kept; a presented key is
/// hashed and compared with every stored hash in constant time.
public struct APIKeyStore: Sendable {
    /// The keys.
    public let keys: [APIKey]

    /// The file name in the data directory.
    public static let fileName = "api-keys.json"

    /// A store holding `keys`.
    public init(keys: [APIKey]) {
        self.keys = keys
    }

    /// The key whose hash matches `presented`, if any.
    public func authenticate(_ presented: String) -> APIKey? {
        guard !presented.isEmpty else { return nil }
        let hash = Array(Hashing.sha256Hex(presented).utf8)
        var found: APIKey?
        for key in keys where Self.constantTimeEqual(hash, Array(key.sha256.utf8)) {
            found = key
        }
        return found
    }

    /// The file's JSON.
    public var json: JSONValue { ["keys": .array(keys.map(\.json))] }

    /// Reads the keys file at `path`.
    /// - Throws: `unavailable` when it cannot be read; `invalid_argument` naming the entry and field that is wrong.
    public static func load(path: String) throws(HostError) -> APIKeyStore {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HostError(.unavailable, "the API key file \(path) cannot be read")
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(Array(data), file: path).value
        } catch {
            throw HostError(.invalidArgument, "the API key file \(path) is not valid JSON: \(error)")
        }
        guard let entries = document["keys"]?.arrayValue else {
            throw HostError(.invalidArgument, "\(path): \"keys\" must be an array of key records")
        }
        var keys: [APIKey] = []
        for (index, entry) in entries.enumerated() {
            keys.append(try APIKey(json: entry, index: index, file: path))
        }
        var seen = Set<String>()
        for key in keys where !seen.insert(key.id).inserted {
            throw HostError(.invalidArgument, "\(path): key id \(key.id) appears more than once")
        }
        return APIKeyStore(keys: keys)
    }

    /// Reads `<dataDirectory>/api-keys.json`; when there is none, creates it with one admin key for every
    /// tenant (stored hashed, file mode 0600).
    /// - Returns: the store, and the new key in clear text when one was created (show it once, then forget it).
    public static func loadOrCreate(dataDirectory: String) throws(HostError) -> (
        store: APIKeyStore, createdKey: String?
    ) {
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: path) {
            return (try load(path: path), nil)
        }
        let secret = generateSecret()
        let store = APIKeyStore(keys: [
            APIKey(id: "admin", principal: "admin", tenants: ["*"], admin: true, sha256: Hashing.sha256Hex(secret))
        ])
        try store.write(to: path)
        return (store, secret)
    }

    /// Writes the file with mode 0600, replacing any previous one atomically.
    public func write(to path: String) throws(HostError) {
        let temporary = path + ".tmp-\(UUID().uuidString)"
        let bytes = Data((JSONEncoding.pretty(json) + "\n").utf8)
        guard
            FileManager.default.createFile(
                atPath: temporary,
                contents: bytes,
                attributes: [.posixPermissions: 0o600]
            )
        else {
            throw HostError(.storage, "the API key file \(path) cannot be written")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw HostError(.storage, "the API key file \(path) cannot be written")
        }
    }

    /// A new random key: `ck_` and 64 hex digits (256 bits from the system's secure generator).
    public static func generateSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "ck_" + bytes.map { String(format: "%02x", $0) }.joined()
    }

    private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
