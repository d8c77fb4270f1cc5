import Synchronization

/// The active fault rules of an emulator; safe across concurrent requests.
public final class FaultInjector: Sendable {
    private struct Storage {
        var rules: [FaultRule] = []
        var nextID = 1
    }

    private let storage = Mutex(Storage())

    /// Creates an injector with no rules.
    public init() {}

    /// The active rules, in the order they are tried.
    public var rules: [FaultRule] {
        storage.withLock { $0.rules }
    }

    /// Adds a rule (tried after the ones already there); returns its id (`fault-N` when it had none).
    @discardableResult
    public func add(_ rule: FaultRule) -> String {
        storage.withLock { storage in
            var rule = rule
            if rule.id.isEmpty {
                rule.id = "fault-\(storage.nextID)"
                storage.nextID += 1
            }
            storage.rules.removeAll { $0.id == rule.id }
            storage.rules.append(rule)
            return rule.id
        }
    }

    /// Removes a rule; returns whether it existed.
    @discardableResult
    public func remove(_ id: String) -> Bool {
        storage.withLock { storage in
            let before = storage.rules.count
            storage.rules.removeAll { $0.id == id }
            return storage.rules.count != before
        }
    }

    /// Removes every rule.
    public func clear() {
        storage.withLock { $0.rules.removeAll() }
    }

    /// The first rule that applies to this request, consuming one use of it (rules whose `after` has not run out
    /// only count the request; rules whose `count` runs out are removed).
    public func consume(method: String, segments: [String]) -> FaultRule? {
        storage.withLock { storage in
            for index in storage.rules.indices where storage.rules[index].matches(method: method, segments: segments) {
                if storage.rules[index].after > 0 {
                    storage.rules[index].after -= 1
                    continue
                }
                let rule = storage.rules[index]
                if let count = rule.count {
                    if count <= 1 {
                        storage.rules.remove(at: index)
                    } else {
                        storage.rules[index].count = count - 1
                    }
                }
                return rule
            }
            return nil
        }
    }
}
