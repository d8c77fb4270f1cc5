/// The data an emulator starts with and returns to on every reset, with a few words saying what it is.
///
/// `Target` is what the seed fills: the emulator's state object with its seeding API (a class with `createUser`, `createProject`, ...).
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
