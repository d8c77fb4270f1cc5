/// How Cordum's gateway orders pack versions (`compareVersions`): it offers the highest version of each id.
public enum CoreVersionOrder {
    /// Compares two versions as the gateway does: a leading `v` is dropped; when either holds `+` or `-`, or a
    /// dot-separated part that is not an integer, they compare as strings (bytes); otherwise part by part as
    /// integers, a missing part counting as 0.
    /// - Returns: -1, 0 or 1.
    public static func compare(_ lhs: String, _ rhs: String) -> Int {
        let left = lhs.hasPrefix("v") ? String(lhs.dropFirst()) : lhs
        let right = rhs.hasPrefix("v") ? String(rhs.dropFirst()) : rhs
        guard let leftParts = integerParts(left), let rightParts = integerParts(right) else {
            if left == right { return 0 }
            return ByteOrder.precedes(left, right) ? -1 : 1
        }
        for index in 0..<max(leftParts.count, rightParts.count) {
            let a = index < leftParts.count ? leftParts[index] : 0
            let b = index < rightParts.count ? rightParts[index] : 0
            if a != b { return a < b ? -1 : 1 }
        }
        return 0
    }

    private static func integerParts(_ version: String) -> [Int]? {
        guard !version.contains("+"), !version.contains("-") else { return nil }
        var parts: [Int] = []
        for part in version.split(separator: ".", omittingEmptySubsequences: false) {
            guard let value = Int(part) else { return nil }
            parts.append(value)
        }
        return parts
    }
}
