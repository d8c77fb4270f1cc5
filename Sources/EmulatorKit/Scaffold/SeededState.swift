/// Ready-made seeded state for an emulator whose world is one value: ``EmulatorState`` plus a seed that fills it.
///
/// ```swift
/// let state = try SeededState(World()) { world in world.things["1"] = Thing(name: "demo") }
/// state.withLock { $0.things.count }   // 1
/// try state.reset()                   // back to the seed
/// ```
public final class SeededState<World: Sendable>: ResettableState {
    /// The value behind a lock.
    public let storage: EmulatorState<World>
    private let seed: @Sendable (inout World) throws -> Void

    /// Creates the state and seeds it.
    /// - Parameters:
    ///   - initial: the empty world (an autoclosure, made again on every reset).
    ///   - seed: fills a fresh world.
    /// - Throws: `EmulatorError.resetFailed` when the seed fails.
    public init(
        _ initial: @escaping @autoclosure @Sendable () -> World,
        seed: @escaping @Sendable (inout World) throws -> Void = { _ in }
    ) throws(EmulatorError) {
        self.storage = EmulatorState(initial)
        self.seed = seed
        try reset()
    }

    /// Runs `body` with exclusive access to the world.
    public func withLock<Result: Sendable, Failure: Error>(
        _ body: (inout World) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try storage.withLock(body)
    }

    /// Puts the world back to a fresh seed.
    /// - Throws: `EmulatorError.resetFailed` when the seed fails (the world is then the empty world).
    public func reset() throws(EmulatorError) {
        let seed = self.seed
        let storage = self.storage
        do {
            try storage.reset {
                try storage.withLock { (world: inout World) throws in try seed(&world) }
            }
        } catch {
            throw .resetFailed(String(describing: error))
        }
    }
}
