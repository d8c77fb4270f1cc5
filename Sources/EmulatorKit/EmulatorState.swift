import Synchronization

/// In-memory emulator state, safe across concurrent requests, that can be reset to its initial value.
public final class EmulatorState<Value: Sendable>: Sendable {
    private let makeInitial: @Sendable () -> Value
    private let storage: Mutex<Value>
    /// Serializes seeded resets, so two at once never seed twice.
    private let resetGate = Mutex(0)

    /// Creates state; `initial` is called now and on every ``reset()``.
    public init(_ initial: @escaping @Sendable () -> Value) {
        self.makeInitial = initial
        self.storage = Mutex(initial())
    }

    /// Runs `body` with exclusive access to the value (keep it short; never await inside).
    public func withLock<Result: Sendable, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try storage.withLock { (value: inout sending Value) throws(Failure) -> sending Result in
            try body(&value)
        }
    }

    /// A copy of the current value.
    public var snapshot: Value {
        storage.withLock { value in value }
    }

    /// Puts the value back to a fresh initial value.
    public func reset() {
        let fresh = makeInitial()
        storage.withLock { value in value = fresh }
    }

    /// Puts the value back to a fresh initial value, then runs `seed` (which fills it through ``withLock(_:)`` or
    /// the emulator's seeding API). Resets run one at a time, so two at once never seed twice; requests answered
    /// meanwhile may see a partly seeded value.
    /// - Throws: the seed's error; the value is then left at its initial value, never half seeded.
    public func reset<Failure: Error>(seededBy seed: () throws(Failure) -> Void) throws(Failure) {
        try resetGate.withLock { (resets: inout Int) throws(Failure) in
            resets += 1
            reset()
            do throws(Failure) {
                try seed()
            } catch {
                reset()
                throw error
            }
        }
    }
}
