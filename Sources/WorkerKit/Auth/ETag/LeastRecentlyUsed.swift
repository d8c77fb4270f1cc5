/// A dictionary that remembers the order its keys were last used in: lookup (which counts as a use), insertion,
/// removal and eviction of the least recently used key are O(1). Entries live in an array of slots linked both ways
/// (most recent at ``head``), with a dictionary from key to slot; freed slots are reused.
package struct LeastRecentlyUsed<Key: Hashable, Value> {
    private struct Node {
        var key: Key
        var value: Value
        /// The slot used just before this one (more recently), or -1.
        var newer: Int
        /// The slot used just after this one (less recently), or -1.
        var older: Int
    }

    private var nodes: [Node?] = []
    private var slots: [Key: Int] = [:]
    private var freeSlots: [Int] = []
    /// The most recently used slot, or -1.
    private var head = -1
    /// The least recently used slot, or -1.
    private var tail = -1

    /// An empty map.
    package init() {}

    /// How many keys it holds.
    package var count: Int { slots.count }

    /// The value of `key`, which becomes the most recently used.
    package mutating func value(for key: Key) -> Value? {
        guard let slot = slots[key], let node = nodes[slot] else { return nil }
        moveToFront(slot)
        return node.value
    }

    /// The value of `key`, without counting as a use.
    package func peek(_ key: Key) -> Value? {
        slots[key].flatMap { nodes[$0]?.value }
    }

    /// Sets the value of `key`, which becomes the most recently used.
    /// - Returns: The value it replaced, if any.
    @discardableResult
    package mutating func set(_ value: Value, for key: Key) -> Value? {
        if let slot = slots[key] {
            let old = nodes[slot]?.value
            nodes[slot]?.value = value
            moveToFront(slot)
            return old
        }
        let node = Node(key: key, value: value, newer: -1, older: head)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            nodes[slot] = node
        } else {
            slot = nodes.count
            nodes.append(node)
        }
        if head >= 0 { nodes[head]?.newer = slot }
        head = slot
        if tail < 0 { tail = slot }
        slots[key] = slot
        return nil
    }

    /// Removes `key`.
    /// - Returns: Its value, if it was there.
    @discardableResult
    package mutating func removeValue(for key: Key) -> Value? {
        guard let slot = slots.removeValue(forKey: key) else { return nil }
        return release(slot).value
    }

    /// Removes the least recently used key.
    /// - Returns: It and its value, or `nil` when empty.
    @discardableResult
    package mutating func removeLeastRecentlyUsed() -> (key: Key, value: Value)? {
        guard tail >= 0 else { return nil }
        let node = release(tail)
        slots[node.key] = nil
        return (node.key, node.value)
    }

    /// The keys from the most to the least recently used (O(n); for tests and diagnostics).
    package var keysByRecency: [Key] {
        var keys: [Key] = []
        var slot = head
        while slot >= 0, let node = nodes[slot] {
            keys.append(node.key)
            slot = node.older
        }
        return keys
    }

    /// Unlinks `slot`, frees it, and returns its node.
    private mutating func release(_ slot: Int) -> Node {
        unlink(slot)
        let node = nodes[slot]
        nodes[slot] = nil
        freeSlots.append(slot)
        // A slot found through `slots` or `tail` always holds a node.
        guard let node else { preconditionFailure("LeastRecentlyUsed: slot \(slot) is empty") }
        return node
    }

    private mutating func moveToFront(_ slot: Int) {
        guard slot != head else { return }
        unlink(slot)
        nodes[slot]?.older = head
        nodes[slot]?.newer = -1
        if head >= 0 { nodes[head]?.newer = slot }
        head = slot
        if tail < 0 { tail = slot }
    }

    private mutating func unlink(_ slot: Int) {
        guard let node = nodes[slot] else { return }
        if node.newer >= 0 { nodes[node.newer]?.older = node.older } else { head = node.older }
        if node.older >= 0 { nodes[node.older]?.newer = node.newer } else { tail = node.newer }
        nodes[slot]?.newer = -1
        nodes[slot]?.older = -1
    }
}
