/// Byte comparisons whose time does not depend on where two values differ, for secrets and signatures.
public enum ConstantTime {
    /// Whether `a` and `b` are equal, comparing every byte of the longer one (a length mismatch is still `false`,
    /// after the same work), so the time taken says nothing about a matching prefix.
    /// - Parameters:
    ///   - a: One value.
    ///   - b: The other.
    public static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        let left = Array(a)
        let right = Array(b)
        let length = max(left.count, right.count)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<length {
            let x = index < left.count ? left[index] : 0
            let y = index < right.count ? right[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }

    /// Whether two strings are equal as UTF-8 bytes, in constant time.
    public static func equals(_ a: String, _ b: String) -> Bool {
        equals(Array(a.utf8), Array(b.utf8))
    }
}
