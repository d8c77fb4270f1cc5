import TarArchive
import Testing

@Suite("TarReader on corrupt input")
struct TarReaderCorruptionTests {
    static let tar = TarWriter.write([
        TarEntry(file: "pack.yaml", contents: .utf8(String(repeating: "x", count: 700))),
        TarEntry(file: "b", contents: .utf8("b")),
    ])

    @Test(arguments: [1, 100, 511, 600, 1023, 1400, 1536 + 100])
    func refusesTruncatedArchives(length: Int) {
        expectArchiveError(.corruptTar) { () throws(ArchiveError) in
            try TarReader.read(Array(Self.tar.prefix(length)))
        }
    }

    @Test func refusesABadChecksum() {
        var tar = Self.tar
        tar[0] = UInt8(ascii: "P")
        expectArchiveError(.corruptTar, entry: "Pack.yaml") { () throws(ArchiveError) in
            try TarReader.read(tar)
        }
    }

    @Test func acceptsAHeaderWithAFixedChecksum() throws {
        var tar = Self.tar
        tar[0] = UInt8(ascii: "P")
        HeaderPatch.fixChecksum(&tar, header: 0)
        #expect(try TarReader.read(tar).first?.name == "Pack.yaml")
    }

    @Test(arguments: ["12x4", "-1", "9", "0o17", "1 2"])
    func refusesBadOctalSizes(field: String) {
        var tar = Self.tar
        HeaderPatch.set(.utf8(field), in: HeaderPatch.sizeField, of: &tar)
        expectArchiveError(.corruptTar, entry: "pack.yaml") { () throws(ArchiveError) in
            try TarReader.read(tar)
        }
    }

    @Test func refusesBadOctalModes() {
        var tar = Self.tar
        HeaderPatch.set(.utf8("rw-r--r"), in: 100..<108, of: &tar)
        expectArchiveError(.corruptTar) { () throws(ArchiveError) in
            try TarReader.read(tar)
        }
    }

    @Test func acceptsSpacePaddedOctal() throws {
        var tar = Self.tar
        HeaderPatch.set(.utf8("    1274 "), in: HeaderPatch.sizeField, of: &tar)
        #expect(try TarReader.read(tar).first?.contents.count == 700)
    }

    @Test func readsBase256Sizes() throws {
        var tar = Self.tar
        HeaderPatch.set(HeaderPatch.base256(700), in: HeaderPatch.sizeField, of: &tar)
        #expect(try TarReader.read(tar).first?.contents.count == 700)
    }

    @Test(arguments: [Int64(-1), Int64.min, Int64.max, Int64(1) << 40])
    func refusesImpossibleBase256Sizes(size: Int64) {
        var tar = Self.tar
        HeaderPatch.set(HeaderPatch.base256(size), in: HeaderPatch.sizeField, of: &tar)
        expectArchiveError(.corruptTar, entry: "pack.yaml") { () throws(ArchiveError) in
            try TarReader.read(tar)
        }
    }

    @Test func refusesBase256ValuesBeyond63Bits() {
        var tar = Self.tar
        HeaderPatch.set([0x80] + [UInt8](repeating: 0xff, count: 11), in: HeaderPatch.sizeField, of: &tar)
        expectArchiveError(.corruptTar) { () throws(ArchiveError) in
            try TarReader.read(tar)
        }
    }

    @Test func refusesALoneZeroBlockFollowedByData() {
        let tar = [UInt8](repeating: 0, count: 512) + Self.tar
        expectArchiveError(.corruptTar) { () throws(ArchiveError) in
            try TarReader.read(tar)
        }
    }

    @Test func refusesAnExtendedHeaderWithNoEntry() {
        let tar = TarWriter.write([TarEntry(name: "L", kind: .other(UInt8(ascii: "L")), contents: .utf8("name\u{0}"))])
        expectArchiveError(.corruptTar) { () throws(ArchiveError) in
            try TarReader.read(tar)
        }
    }

    @Test(arguments: ["garbage", "5 a=b\n", "99 path=x\n", "6 =bc\n", "x path=y\n", "8 path=y"])
    func refusesMalformedPAXRecords(records: String) {
        let tar = TarWriter.write([
            TarEntry(name: "PaxHeader", kind: .other(UInt8(ascii: "x")), contents: .utf8(records)),
            TarEntry(file: "a", contents: []),
        ])
        expectArchiveError(.corruptTar) { () throws(ArchiveError) in
            try TarReader.read(tar)
        }
    }

    @Test func refusesHugeExtendedHeaders() {
        var tar = TarWriter.write([
            TarEntry(name: "L", kind: .other(UInt8(ascii: "L")), contents: .utf8("name\u{0}")),
            TarEntry(file: "a", contents: []),
        ])
        HeaderPatch.set(.utf8("77777777777"), in: HeaderPatch.sizeField, of: &tar)
        expectArchiveError(.corruptTar) { () throws(ArchiveError) in
            try TarReader.read(tar)
        }
    }

    @Test func refusesNamesThatAreNotUTF8() {
        var tar = Self.tar
        tar[0] = 0xff
        HeaderPatch.fixChecksum(&tar, header: 0)
        expectArchiveError(.invalidPath) { () throws(ArchiveError) in
            try TarReader.read(tar)
        }
    }

    @Test func refusesDataThatIsNotTar() {
        expectArchiveError(.corruptTar) { () throws(ArchiveError) in
            try TarReader.read([UInt8](repeating: UInt8(ascii: "a"), count: 2048))
        }
    }

    /// Typed throws already guarantee that only ``ArchiveError`` escapes; this checks nothing traps.
    @Test func neverCrashesOnMutatedArchives() {
        var random = SplitMix64(seed: 7)
        for round in 0..<5000 {
            var mutated = Self.tar
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let position =
                    round.isMultiple(of: 2)
                    ? Int.random(in: 100..<160, using: &random)  // mode, ids, size, mtime, checksum, type
                    : Int.random(in: 0..<mutated.count, using: &random)
                mutated[position] = UInt8.random(in: 0...255, using: &random)
            }
            if round.isMultiple(of: 3) {
                HeaderPatch.fixChecksum(&mutated, header: 0)
            }
            if round.isMultiple(of: 5) {
                mutated = Array(mutated.prefix(Int.random(in: 0...mutated.count, using: &random)))
            }
            _ = try? TarReader.read(mutated)
            _ = try? SafeExtractor.extract(Gzip.compress(mutated))
        }
    }
}
