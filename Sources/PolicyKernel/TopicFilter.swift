/// A rule's topic condition reduced to plain data: the literal bytes every matching topic must equal or start
/// with. The evaluation loop checks filters before anything else.
struct TopicFilter: Sendable {
    enum Kind: UInt8, Sendable {
        /// No topic condition, or one without a literal prefix: check the rule fully.
        case any
        /// Every pattern is empty or malformed: the rule never matches.
        case never
        /// The topic must equal the bytes.
        case exact
        /// The topic must start with the bytes.
        case prefix
    }

    let kind: Kind
    /// The literal bytes, in the program's byte pool.
    let bytes: ByteSpan

    /// Builds the filter for a topic condition, appending its bytes to `pool`.
    init(_ topics: [GlobPattern]?, pool: inout BytePool) {
        guard let topics else {
            self.init(kind: .any, bytes: .empty)
            return
        }
        let live = topics.filter { $0.kind != .never }
        guard let first = live.first else {
            self.init(kind: .never, bytes: .empty)
            return
        }
        if live.count == 1, first.kind == .literal {
            self.init(kind: .exact, bytes: pool.append(first.bytes))
            return
        }
        var common = first.literalPrefix
        for pattern in live.dropFirst() {
            common = Array(zip(common, pattern.literalPrefix).prefix { $0 == $1 }.map(\.0))
        }
        if common.isEmpty {
            self.init(kind: .any, bytes: .empty)
        } else {
            self.init(kind: .prefix, bytes: pool.append(common))
        }
    }

    private init(kind: Kind, bytes: ByteSpan) {
        self.kind = kind
        self.bytes = bytes
    }

    /// Whether a rule with this filter may match the (trimmed) topic.
    @inline(__always)
    func admits(_ topic: UnsafeBufferPointer<UInt8>, pool: UnsafeBufferPointer<UInt8>) -> Bool {
        switch kind {
        case .any:
            return true
        case .never:
            return false
        case .exact:
            guard topic.count == Int(bytes.count) else { return false }
            return equalBytes(bytes.bytes(in: pool), topic, count: topic.count)
        case .prefix:
            guard topic.count >= Int(bytes.count) else { return false }
            return equalBytes(bytes.bytes(in: pool), topic, count: Int(bytes.count))
        }
    }
}
