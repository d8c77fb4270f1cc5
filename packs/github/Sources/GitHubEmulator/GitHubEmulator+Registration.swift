public import EmulatorKit

extension GitHubEmulator {
    /// The GitHub emulator for packctl's built-in registry: the demo world (``GitHubDemo``), and the settings that
    /// point the github worker at it with the demo token (every action allowed, merges by name; deletes not).
    public static let registration = EmulatorRegistration.seeded(packID: "github") { try definition() }
}
