/// Which rules can match a topic, by the topic's first two segments (`job.github.`): a rule whose topic filter
/// starts with such a key can only match topics with the same key. Rules without one (no topic condition, or a
/// pattern like `job.*.write`) are candidates for every topic. Each key's list keeps rule order, so the first
/// matching candidate is the first matching rule.
struct TopicIndex: Sendable {
    /// Key → list number.
    private let table: ByteTable
    /// Where each list is in `indices`; list 0 is the fallback (rules without a key).
    private let lists: [ListSpan]
    /// Rule indices, list after list.
    private let indices: [Int32]

    init(filters: [TopicFilter], pool: [UInt8]) {
        var unkeyed: [Int32] = []
        var keyed: [[UInt8]: [Int32]] = [:]
        for (index, filter) in filters.enumerated() {
            switch filter.kind {
            case .never:
                continue
            case .any:
                unkeyed.append(Int32(index))
            case .exact, .prefix:
                let bytes = Array(pool[Int(filter.bytes.start)..<Int(filter.bytes.start + filter.bytes.count)])
                if let end = Self.keyEnd(bytes) {
                    keyed[Array(bytes[..<end]), default: []].append(Int32(index))
                } else {
                    unkeyed.append(Int32(index))
                }
            }
        }
        var indices = unkeyed
        var lists = [ListSpan(start: 0, count: Int32(unkeyed.count))]
        var entries: [(key: [UInt8], value: Int32)] = []
        for (key, members) in keyed.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let merged = (members + unkeyed).sorted()
            entries.append((key, Int32(lists.count)))
            lists.append(ListSpan(start: Int32(indices.count), count: Int32(merged.count)))
            indices += merged
        }
        table = ByteTable(entries)
        self.lists = lists
        self.indices = indices
    }

    /// Runs `body` over the indices of the rules that may match `topic`, in rule order.
    @inline(__always)
    func withCandidates<Result>(
        for topic: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<Int32>) -> Result
    ) -> Result {
        var list = 0
        if let end = Self.keyEnd(topic), let found = table.value(for: UnsafeBufferPointer(rebasing: topic[..<end])) {
            list = Int(found)
        }
        let span = lists.withUnsafeBufferPointer { $0[list] }
        return indices.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[span.range])) }
    }

    /// The end of the key (just past the second `.`), if the bytes have two dots.
    @inline(__always)
    private static func keyEnd<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Bytes.Index? {
        var dots = 0
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if bytes[index] == UInt8(ascii: ".") {
                dots += 1
                if dots == 2 { return bytes.index(after: index) }
            }
            index = bytes.index(after: index)
        }
        return nil
    }
}
