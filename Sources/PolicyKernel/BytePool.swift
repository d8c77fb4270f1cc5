/// A range of bytes in a pool.
struct ByteSpan: Sendable, Hashable {
    var start: Int32
    var count: Int32

    static let empty = ByteSpan(start: 0, count: 0)

    /// The bytes of this span in `pool`.
    @inline(__always)
    func bytes(in pool: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: pool[Int(start)..<Int(start + count)])
    }
}

/// A range of items in a list pool; a negative count marks an absent list.
struct ListSpan: Sendable, Hashable {
    var start: Int32
    var count: Int32

    static let absent = ListSpan(start: 0, count: -1)
    static let empty = ListSpan(start: 0, count: 0)

    @inline(__always) var isAbsent: Bool { count < 0 }

    @inline(__always) var range: Range<Int> { Int(start)..<Int(start + max(count, 0)) }
}

/// Builds a pool of bytes and a pool of spans over it: the plain-data form of strings and string lists.
struct BytePool {
    var bytes: [UInt8] = []
    var spans: [ByteSpan] = []

    /// Appends bytes and returns their span.
    mutating func append<Bytes: Sequence<UInt8>>(_ content: Bytes) -> ByteSpan {
        let start = bytes.count
        bytes.append(contentsOf: content)
        return ByteSpan(start: Int32(start), count: Int32(bytes.count - start))
    }

    /// Appends a value trimmed and case-folded (Go `EqualFold` form).
    mutating func appendFolded(_ text: String) -> ByteSpan {
        append(CaseFold.folded(text).utf8)
    }

    /// Appends a list of folded values and returns the span of their spans; `absent` for an empty list when
    /// `emptyIsAbsent`.
    mutating func appendFoldedList(_ values: [String], emptyIsAbsent: Bool = true) -> ListSpan {
        if values.isEmpty && emptyIsAbsent { return .absent }
        let folded = values.map { appendFolded($0) }
        let start = spans.count
        spans += folded
        return ListSpan(start: Int32(start), count: Int32(folded.count))
    }
}

/// A hash table from byte strings to small integers, stored as plain data so lookups neither allocate nor touch
/// reference counts.
struct ByteTable: Sendable {
    private let slots: [Int32]
    private let keys: [ByteSpan]
    private let values: [Int32]
    private let keyBytes: [UInt8]

    /// Builds a table; later duplicates of a key are ignored.
    init(_ entries: [(key: [UInt8], value: Int32)]) {
        var capacity = 8
        while capacity < entries.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        var keys: [ByteSpan] = []
        var values: [Int32] = []
        var pool = BytePool()
        for entry in entries {
            var slot = entry.key.withUnsafeBufferPointer { Self.hash($0) } & (capacity - 1)
            var duplicate = false
            while slots[slot] >= 0 {
                let existing = keys[Int(slots[slot])]
                if Array(pool.bytes[Int(existing.start)..<Int(existing.start + existing.count)]) == entry.key {
                    duplicate = true
                    break
                }
                slot = (slot + 1) & (capacity - 1)
            }
            if duplicate { continue }
            keys.append(pool.append(entry.key))
            values.append(entry.value)
            slots[slot] = Int32(keys.count - 1)
        }
        self.slots = slots
        self.keys = keys
        self.values = values
        keyBytes = pool.bytes
    }

    var isEmpty: Bool { keys.isEmpty }

    /// The value stored for `key`.
    @inline(__always)
    func value(for key: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard !keys.isEmpty else { return nil }
        return slots.withUnsafeBufferPointer { slots in
            keys.withUnsafeBufferPointer { keys in
                keyBytes.withUnsafeBufferPointer { keyBytes in
                    var slot = Self.hash(key) & (slots.count - 1)
                    while slots[slot] >= 0 {
                        let entry = Int(slots[slot])
                        let stored = keys[entry]
                        if Int(stored.count) == key.count,
                            equalBytes(stored.bytes(in: keyBytes), key, count: key.count)
                        {
                            return values[entry]
                        }
                        slot = (slot + 1) & (slots.count - 1)
                    }
                    return nil
                }
            }
        }
    }

    /// FNV-1a.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: value ^ (value >> 32))
    }
}
