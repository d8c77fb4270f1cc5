/// A core version as `cordumctl` parses `minCoreVersion`/`maxCoreVersion`: an optional `v`, two or three
/// dot-separated runs of ASCII digits (a missing patch is 0), then an optional `-prerelease` and `+build`.
public struct CoreVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Major version.
    public var major: Int
    /// Minor version.
    public var minor: Int
    /// Patch version (0 when the text had two components).
    public var patch: Int
    /// The prerelease text after `-`, without any `+build`.
    public var prerelease: String

    /// Parses a version; nil when it is not semver in cordumctl's sense.
    public init?(_ text: String) {
        var value = Substring(text.trimmingSpaces)
        if value.first == "v" { value = value.dropFirst() }
        var core = value
        var prerelease = Substring("")
        if let cut = value.firstIndex(where: { $0 == "-" || $0 == "+" }) {
            core = value[..<cut]
            if value[cut] == "-" {
                let rest = value[value.index(after: cut)...]
                prerelease = rest.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            }
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(part) else {
                return nil
            }
            numbers.append(number)
        }
        major = numbers[0]
        minor = numbers[1]
        patch = numbers.count == 3 ? numbers[2] : 0
        self.prerelease = String(prerelease)
    }

    public var description: String {
        "\(major).\(minor).\(patch)" + (prerelease.isEmpty ? "" : "-\(prerelease)")
    }

    /// cordumctl's ordering: numbers first; then no prerelease beats a prerelease; otherwise plain string order.
    public static func < (lhs: CoreVersion, rhs: CoreVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        if lhs.prerelease == rhs.prerelease { return false }
        if lhs.prerelease.isEmpty { return false }
        if rhs.prerelease.isEmpty { return true }
        return lhs.prerelease < rhs.prerelease
    }
}
