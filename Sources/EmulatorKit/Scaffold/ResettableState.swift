/// State that can be put back to its seed (``EmulatorDefinition`` calls it on `POST /_emulator/reset`).
public protocol ResettableState: Sendable {
    /// Puts the state back to its seed.
    /// - Throws: when the seed fails; the state must then be left empty or as it was, never half seeded.
    func reset() throws
}
