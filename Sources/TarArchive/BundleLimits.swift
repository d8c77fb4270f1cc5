/// Size and count limits for a pack bundle (a `.tgz` archive).
public struct BundleLimits: Sendable, Hashable {
    /// Largest accepted compressed archive, checked before inflating (64 MiB, as Cordum's marketplace download).
    public var maxArchiveBytes = 64 << 20
    /// Most regular files in one archive; directories do not count (2048).
    public var maxFiles = 2048
    /// Largest single file (32 MiB).
    public var maxFileBytes = 32 << 20
    /// Largest sum of all file sizes (256 MiB).
    public var maxTotalBytes = 256 << 20

    /// Creates limits; every argument defaults to Cordum's value.
    /// - Parameters:
    ///   - maxArchiveBytes: Largest accepted compressed archive.
    ///   - maxFiles: Most regular files.
    ///   - maxFileBytes: Largest single file.
    ///   - maxTotalBytes: Largest sum of all file sizes.
    public init(
        maxArchiveBytes: Int = 64 << 20,
        maxFiles: Int = 2048,
        maxFileBytes: Int = 32 << 20,
        maxTotalBytes: Int = 256 << 20
    ) {
        self.maxArchiveBytes = maxArchiveBytes
        self.maxFiles = maxFiles
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
    }

    /// The limits Cordum's installers enforce.
    public static let cordum = BundleLimits()

    /// Most bytes the inflated tar stream may hold: the file data plus room for headers and padding.
    ///
    /// Every entry costs at least one 512-byte header and up to 511 bytes of padding, and long names add extended
    /// headers, so 8 KiB per allowed file plus 1 MiB is generous for real bundles yet stops gzip bombs early.
    var maxTarBytes: Int {
        let perFile = max(0, maxFiles).multipliedReportingOverflow(by: 8 << 10)
        let allowance = perFile.overflow ? Int.max : perFile.partialValue
        return Self.saturatingSum([max(0, maxTotalBytes), allowance, 1 << 20])
    }

    private static func saturatingSum(_ values: [Int]) -> Int {
        var sum = 0
        for value in values {
            let next = sum.addingReportingOverflow(value)
            if next.overflow { return Int.max }
            sum = next.partialValue
        }
        return sum
    }
}
