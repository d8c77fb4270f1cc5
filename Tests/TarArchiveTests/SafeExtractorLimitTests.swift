import TarArchive
import Testing

@Suite("SafeExtractor: limits")
struct SafeExtractorLimitTests {
    static let small = BundleLimits(maxArchiveBytes: 1 << 20, maxFiles: 3, maxFileBytes: 100, maxTotalBytes: 250)

    static func files(_ count: Int, size: Int = 1) -> [TarEntry] {
        (0..<count).map { TarEntry(file: "f\($0)", contents: [UInt8](repeating: 0x61, count: size)) }
    }

    @Test func cordumLimitsAreTheDocumentedOnes() {
        let limits = BundleLimits.cordum
        #expect(limits.maxArchiveBytes == 67_108_864)
        #expect(limits.maxFiles == 2048)
        #expect(limits.maxFileBytes == 33_554_432)
        #expect(limits.maxTotalBytes == 268_435_456)
    }

    @Test func acceptsArchivesAtTheLimits() throws {
        #expect(
            try extract(Self.files(2, size: 100) + [TarEntry(file: "last", contents: [1])], limits: Self.small).count
                == 3
        )
    }

    @Test func refusesTooManyFiles() {
        expectArchiveError(.tooManyFiles) { () throws(ArchiveError) in
            try extract(Self.files(4), limits: Self.small)
        }
    }

    @Test func refusesMoreThan2048FilesByDefault() throws {
        #expect(try extract(Self.files(2048)).count == 2048)
        expectArchiveError(.tooManyFiles) { () throws(ArchiveError) in
            try extract(Self.files(2049))
        }
    }

    @Test func refusesAFileOverTheSizeLimit() {
        expectArchiveError(.fileTooLarge, entry: "f0") { () throws(ArchiveError) in
            try extract(Self.files(1, size: 101), limits: Self.small)
        }
    }

    @Test func refusesATotalOverTheLimit() {
        expectArchiveError(.totalTooLarge) { () throws(ArchiveError) in
            try extract(Self.files(3, size: 90), limits: Self.small)
        }
    }

    @Test func refusesAnArchiveOverTheCompressedLimit() {
        let archive = Gzip.compress(TarWriter.write(Self.files(1, size: 10)))
        expectArchiveError(.archiveTooLarge) { () throws(ArchiveError) in
            try SafeExtractor.extract(archive, limits: BundleLimits(maxArchiveBytes: archive.count - 1))
        }
    }

    @Test func refusesAGzipBombBeforeReadingTheTar() {
        let bomb = Gzip.compress(
            TarWriter.write([TarEntry(file: "zeros", contents: [UInt8](repeating: 0, count: 8 << 20))])
        )
        let limits = BundleLimits(maxFiles: 4, maxFileBytes: 64 << 10, maxTotalBytes: 64 << 10)
        expectArchiveError(.totalTooLarge) { () throws(ArchiveError) in
            try SafeExtractor.extract(bomb, limits: limits)
        }
    }

    /// A header that declares 33 MiB followed by no data: refused on the header, nothing is allocated.
    @Test(arguments: [
        HeaderPatch.base256(32 << 20 + 1),
        Array("204000000001".utf8),  // octal 32 MiB + 1, the ustar field filled with digits
        HeaderPatch.base256(1 << 62),
        HeaderPatch.base256(-1),
    ])
    func refusesAHeaderDeclaringAHugeFileWithTheDefaultLimits(sizeField: [UInt8]) {
        var tar = TarWriter.write([TarEntry(file: "huge.bin", contents: [])])
        HeaderPatch.set(sizeField, in: HeaderPatch.sizeField, of: &tar)
        expectArchiveError(.fileTooLarge, entry: "huge.bin") { () throws(ArchiveError) in
            try SafeExtractor.extract(Gzip.compress(tar))
        }
    }

    @Test func refusesAPAXSizeOverTheLimitWithTheDefaultLimits() {
        let tar = TarWriter.write([
            TarEntry(name: "PaxHeader", kind: .other(UInt8(ascii: "x")), contents: paxRecord("size", "40000000")),
            TarEntry(file: "huge.bin", contents: .utf8("tiny")),
        ])
        expectArchiveError(.fileTooLarge, entry: "huge.bin") { () throws(ArchiveError) in
            try SafeExtractor.extract(Gzip.compress(tar))
        }
    }

    @Test func refusesHeadersThatAddUpOverTheTotal() {
        var tar = TarWriter.write(Self.files(2, size: 90) + [TarEntry(file: "declared", contents: [])])
        HeaderPatch.set(Array("00000000144\u{0}".utf8), in: HeaderPatch.sizeField, of: &tar, header: 2048)
        expectArchiveError(.totalTooLarge) { () throws(ArchiveError) in
            try SafeExtractor.extract(Gzip.compress(tar), limits: Self.small)
        }
    }

    @Test func refusesATruncatedArchive() {
        expectArchiveError(.corruptTar) { () throws(ArchiveError) in
            try SafeExtractor.extract(Gzip.compress(Array(TarWriter.write(Self.files(2, size: 600)).prefix(1800))))
        }
        let tar = TarWriter.write(Self.files(2, size: 600))
        expectArchiveError(.corruptTar, entry: "f1") { () throws(ArchiveError) in
            try SafeExtractor.extract(Gzip.compress(Array(tar.prefix(2048 + 300))))
        }
    }

    @Test func refusesABadChecksum() {
        var tar = TarWriter.write(Self.files(2))
        tar[1024] ^= 0x01
        expectArchiveError(.corruptTar) { () throws(ArchiveError) in
            try SafeExtractor.extract(Gzip.compress(tar))
        }
    }

    @Test func refusesCorruptGzip() {
        var archive = Gzip.compress(TarWriter.write(Self.files(3, size: 50)))
        archive[archive.count / 2] ^= 0x55
        expectArchiveError(.corruptGzip) { () throws(ArchiveError) in
            try SafeExtractor.extract(archive)
        }
        expectArchiveError(.corruptGzip) { () throws(ArchiveError) in
            try SafeExtractor.extract(TarWriter.write(Self.files(1)))
        }
    }
}
