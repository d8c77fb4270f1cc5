/// A memory key and its pointer in Cordum's form: key `ctx:<job_id>`, pointer `redis://ctx:<job_id>`.
public struct MemoryPointer: Sendable, Hashable, CustomStringConvertible {
    /// What the key holds.
    public var kind: MemoryKind
    /// The id after the prefix (a job id or memory id).
    public var id: String

    /// The scheme every pointer starts with.
    public static let scheme = "redis://"

    /// Creates the pointer for `id` of `kind`.
    /// - Throws: `invalid_argument` for an empty id.
    public init(kind: MemoryKind, id: String) throws(HostError) {
        guard !id.isEmpty else { throw HostError(.invalidArgument, "a \(kind.rawValue) key needs an id") }
        self.kind = kind
        self.id = id
    }

    /// Parses a pointer (`redis://res:<job_id>`) or a bare key (`res:<job_id>`); surrounding quotes are
    /// ignored, as Cordum's memory endpoint does.
    /// - Throws: `invalid_argument` for a key outside `ctx:`, `res:` and `mem:`, or without an id.
    public init(parsing text: String) throws(HostError) {
        var key = Substring(text)
        if key.count >= 2, let first = key.first, first == key.last, first == "\"" || first == "'" {
            key = key.dropFirst().dropLast()
        }
        if key.hasPrefix(Self.scheme) { key = key.dropFirst(Self.scheme.count) }
        guard let kind = MemoryKind.allCases.first(where: { key.hasPrefix($0.prefix) }) else {
            throw HostError(
                .invalidArgument,
                "memory key \"\(text)\" is not a context (ctx:), result (res:) or memory (mem:) key"
            )
        }
        try self.init(kind: kind, id: String(key.dropFirst(kind.prefix.count)))
    }

    /// The key, `<prefix><id>`.
    public var key: String { kind.prefix + id }

    /// The pointer, `redis://<key>`.
    public var description: String { Self.scheme + key }
}
