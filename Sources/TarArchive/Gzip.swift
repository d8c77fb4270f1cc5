import CZlib

/// Gzip compression and bounded decompression over the system zlib.
public enum Gzip {
    /// The operating-system byte written in every gzip header: 255, "unknown".
    ///
    /// zlib would otherwise write its build platform's code (3 on Linux, 19 on macOS), so a fixed value keeps the
    /// same input compressing to the same bytes everywhere that links the same zlib version. Go and Python write 255
    /// too.
    public static let headerOSByte: UInt8 = 255

    /// Inflates a gzip stream (multi-member OK), refusing output beyond maxOutputBytes (gzip bombs) and corrupt data.
    ///
    /// Concatenated members are inflated one after another; trailing zero bytes (tape padding) are ignored, any other
    /// trailing data is corrupt.
    /// - Parameters:
    ///   - bytes: The gzip stream.
    ///   - maxOutputBytes: Most bytes the inflated data may hold; inflating stops as soon as it is exceeded.
    /// - Returns: The inflated bytes.
    /// - Throws: ``ArchiveError`` with code ``ArchiveError/Code/decompressedTooLarge`` or
    ///   ``ArchiveError/Code/corruptGzip``.
    public static func decompress(_ bytes: [UInt8], maxOutputBytes: Int) throws(ArchiveError) -> [UInt8] {
        guard bytes.count >= 2, bytes[0] == 0x1f, bytes[1] == 0x8b else {
            throw .corruptGzip("the data does not start with a gzip header; bundles must be gzip-compressed tar")
        }
        let inflater = try Inflater()
        return try bytes.withUnsafeBufferPointer { input throws(ArchiveError) in
            try inflater.inflate(input, maxOutputBytes: max(0, maxOutputBytes))
        }
    }

    /// Deterministic gzip: header mtime 0, no file name, OS byte 255 (``headerOSByte``), compression level 9.
    /// - Parameter bytes: The data to compress.
    /// - Returns: One gzip member holding `bytes`.
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        let deflater = Deflater()
        return bytes.withUnsafeBufferPointer { input in
            deflater.deflate(input)
        }
    }
}

extension ArchiveError {
    static func corruptGzip(_ detail: String) -> ArchiveError {
        ArchiveError(code: .corruptGzip, message: "corrupt gzip stream: \(detail)")
    }
}
