import TarArchive
import Testing

@Suite("Gzip")
struct GzipTests {
    @Test func roundTripsData() throws {
        let data = [UInt8].utf8(String(repeating: "cordum pack bundle ", count: 500))
        let compressed = Gzip.compress(data)
        #expect(compressed.count < data.count)
        #expect(try Gzip.decompress(compressed, maxOutputBytes: data.count) == data)
    }

    @Test func roundTripsEmptyInput() throws {
        #expect(try Gzip.decompress(Gzip.compress([]), maxOutputBytes: 0) == [])
    }

    @Test func writesADeterministicHeader() {
        let compressed = Gzip.compress(.utf8("hello"))
        #expect(Array(compressed.prefix(4)) == [0x1f, 0x8b, 0x08, 0x00], "magic, deflate, no flags (no file name)")
        #expect(Array(compressed[4..<8]) == [0, 0, 0, 0], "mtime is 0")
        #expect(compressed[8] == 2, "extra flags say maximum compression")
        #expect(compressed[9] == Gzip.headerOSByte)
        #expect(Gzip.headerOSByte == 255)
        #expect(Gzip.compress(.utf8("hello")) == compressed)
    }

    @Test func inflatesConcatenatedMembers() throws {
        let joined = Gzip.compress(.utf8("first ")) + Gzip.compress(.utf8("second"))
        #expect(try Gzip.decompress(joined, maxOutputBytes: 100) == .utf8("first second"))
    }

    @Test func ignoresTrailingZeroPadding() throws {
        let padded = Gzip.compress(.utf8("data")) + [UInt8](repeating: 0, count: 300)
        #expect(try Gzip.decompress(padded, maxOutputBytes: 100) == .utf8("data"))
    }

    @Test func stopsAGzipBomb() {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 16 << 20))
        #expect(bomb.count < 64 << 10)
        expectArchiveError(.decompressedTooLarge) { () throws(ArchiveError) in
            try Gzip.decompress(bomb, maxOutputBytes: 1 << 20)
        }
    }

    @Test func allowsOutputOfExactlyTheLimit() throws {
        let data = [UInt8](repeating: 7, count: 100_000)
        let compressed = Gzip.compress(data)
        #expect(try Gzip.decompress(compressed, maxOutputBytes: data.count) == data)
        expectArchiveError(.decompressedTooLarge) { () throws(ArchiveError) in
            try Gzip.decompress(compressed, maxOutputBytes: data.count - 1)
        }
    }

    @Test func refusesDataThatIsNotGzip() {
        for bytes: [UInt8] in [[], [0x1f], .utf8("plain text, not gzip"), TarWriter.write([])] {
            expectArchiveError(.corruptGzip) { () throws(ArchiveError) in
                try Gzip.decompress(bytes, maxOutputBytes: 1 << 20)
            }
        }
    }

    @Test func refusesTruncatedStreams() {
        let compressed = Gzip.compress(.utf8(String(repeating: "abcdefgh", count: 1000)))
        for length in [3, 10, compressed.count / 2, compressed.count - 1] {
            expectArchiveError(.corruptGzip) { () throws(ArchiveError) in
                try Gzip.decompress(Array(compressed.prefix(length)), maxOutputBytes: 1 << 20)
            }
        }
    }

    @Test func refusesCorruptedStreams() {
        var compressed = Gzip.compress(.utf8(String(repeating: "pack.yaml ", count: 200)))
        compressed[compressed.count - 6] ^= 0xff  // inside the CRC-32 trailer
        expectArchiveError(.corruptGzip) { () throws(ArchiveError) in
            try Gzip.decompress(compressed, maxOutputBytes: 1 << 20)
        }
        var header = Gzip.compress(.utf8("x"))
        header[2] = 7  // unknown compression method
        expectArchiveError(.corruptGzip) { () throws(ArchiveError) in
            try Gzip.decompress(header, maxOutputBytes: 1 << 20)
        }
    }

    @Test func refusesTrailingGarbage() {
        let compressed = Gzip.compress(.utf8("data")) + .utf8("garbage")
        expectArchiveError(.corruptGzip) { () throws(ArchiveError) in
            try Gzip.decompress(compressed, maxOutputBytes: 100)
        }
    }

    @Test func neverCrashesOnMutatedStreams() {
        let original = Gzip.compress(TarWriter.write([TarEntry(file: "pack.yaml", contents: .utf8("id: x\n"))]))
        var random = SplitMix64(seed: 42)
        for _ in 0..<2000 {
            var mutated = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                mutated[Int.random(in: 0..<mutated.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            _ = try? Gzip.decompress(mutated, maxOutputBytes: 1 << 20)
        }
    }
}
