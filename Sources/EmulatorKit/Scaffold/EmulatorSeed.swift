/// The data an emulator starts with and returns to on every reset, with a few words saying what it is.
///
/// `Target` is what the seed fills: the emulator's state object with its seeding API (`GitHubState`, ...).
public struct EmulatorSeed<Target>: Sendable {
    /// A short name (`empty`, `demo`, `custom`).
    public var name: String
    /// What the seed holds, in a few words, for people (`demo repository acme/widgets`).
    public var summary: String
    private let body: @Sendable (Target) throws -> Void

    /// Creates a seed.
    /// - Parameters:
    ///   - name: a short name.
    ///   - summary: what it holds, in a few words.
    ///   - body: fills the target; an error it throws fails the start or the reset (never the process).
    public init(_ name: String, summary: String = "", _ body: @escaping @Sendable (Target) throws -> Void) {
        self.name = name
        self.summary = summary
        self.body = body
    }

    /// No data.
    public static var empty: Self {
        Self("empty", summary: "no data") { _ in }
    }

    /// Fills `target`.
    public func apply(to target: Target) throws {
        try body(target)
    }

    /// This seed, then `next` (e.g. the demo data, then extra credentials from the configuration).
    public func then(_ next: EmulatorSeed<Target>) -> EmulatorSeed<Target> {
        let first = self
        return EmulatorSeed(name, summary: summary) { target in
            try first.apply(to: target)
            try next.apply(to: target)
        }
    }
}

/// State that can be put back to its seed (``EmulatorDefinition`` calls it on `POST /_emulator/reset`).
public protocol ResettableState: Sendable {
    /// Puts the state back to its seed.
    /// - Throws: when the seed fails; the state must then be left empty or as it was, never half seeded.
    func reset() throws
}

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
