import TarArchive
import Testing

@Suite("TarWriter and TarReader")
struct TarRoundTripTests {
    static let entries: [TarEntry] = [
        TarEntry(file: "pack.yaml", contents: .utf8("apiVersion: cordum.io/v1\nkind: Pack\n")),
        TarEntry(directory: "schemas/"),
        TarEntry(file: "schemas/a.json", contents: .utf8("{}"), mode: 0o600),
        TarEntry(file: "empty.txt", contents: []),
        TarEntry(file: "block.bin", contents: [UInt8](repeating: 1, count: 512)),
        TarEntry(file: "block-and-one.bin", contents: [UInt8](repeating: 2, count: 513)),
        TarEntry(file: String(repeating: "deep/", count: 30) + "file.txt", contents: .utf8("long")),
        TarEntry(file: "schémas/données.json", contents: .utf8("[]")),
        TarEntry(name: "link", kind: .symbolicLink, mode: 0o777, linkName: String(repeating: "t", count: 150)),
    ]

    @Test func readsBackWhatItWrites() throws {
        #expect(try TarReader.read(TarWriter.write(Self.entries)) == Self.entries)
    }

    @Test func writesTheSameBytesEveryTime() {
        #expect(TarWriter.write(Self.entries) == TarWriter.write(Self.entries))
        #expect(Gzip.compress(TarWriter.write(Self.entries)) == Gzip.compress(TarWriter.write(Self.entries)))
    }

    @Test func writesZeroedOwnershipAndTime() {
        let tar = TarWriter.write([TarEntry(file: "pack.yaml", contents: .utf8("x"))])
        #expect(tar.count == 512 + 512 + 1024)
        #expect(Array(tar[0..<9]) == .utf8("pack.yaml"))
        #expect(Array(tar[100..<108]) == .utf8("0000644\u{0}"))
        #expect(Array(tar[108..<124]) == .utf8("0000000\u{0}0000000\u{0}"), "uid and gid are 0")
        #expect(Array(tar[124..<136]) == .utf8("00000000001\u{0}"))
        #expect(Array(tar[136..<148]) == .utf8("00000000000\u{0}"), "mtime is 0")
        #expect(tar[156] == UInt8(ascii: "0"))
        #expect(Array(tar[257..<265]) == .utf8("ustar\u{0}00"))
        #expect(tar[265..<329].allSatisfy { $0 == 0 }, "uname and gname are empty")
        #expect(tar[1024...].allSatisfy { $0 == 0 }, "two zero blocks end the archive")
    }

    @Test func usesDefaultModes() {
        #expect(TarEntry(file: "a", contents: []).mode == 0o644)
        #expect(TarEntry(directory: "d/").mode == 0o755)
    }

    @Test func storesLongAndNonASCIINamesInPAXHeaders() throws {
        let long = String(repeating: "n", count: 101)
        let tar = TarWriter.write([TarEntry(file: long, contents: []), TarEntry(file: "é", contents: [])])
        #expect(tar[156] == UInt8(ascii: "x"))
        #expect(try TarReader.read(tar).map(\.name) == [long, "é"])
        let short = TarWriter.write([TarEntry(file: String(repeating: "n", count: 100), contents: [])])
        #expect(short[156] == UInt8(ascii: "0"), "a 100-byte ASCII name fits the ustar field")
    }

    @Test func writesNoDataForHeaderOnlyKinds() throws {
        let tar = TarWriter.write([TarEntry(name: "d/", kind: .directory, contents: .utf8("ignored"))])
        #expect(tar.count == 512 + 1024)
        #expect(try TarReader.read(tar) == [TarEntry(directory: "d/", mode: 0o644)])
    }

    @Test func readsGNULongNamesAndLinks() throws {
        let longName = String(repeating: "g", count: 180) + "/pack.yaml"
        let longLink = String(repeating: "k", count: 120)
        let tar = TarWriter.write([
            TarEntry(name: "././@LongLink", kind: .other(UInt8(ascii: "L")), contents: .utf8(longName + "\u{0}")),
            TarEntry(file: String(longName.prefix(100)), contents: .utf8("gnu")),
            TarEntry(name: "././@LongLink", kind: .other(UInt8(ascii: "K")), contents: .utf8(longLink + "\u{0}")),
            TarEntry(name: "l", kind: .symbolicLink, linkName: "short"),
        ])
        let entries = try TarReader.read(tar)
        #expect(entries.map(\.name) == [longName, "l"])
        #expect(entries.first?.contents == .utf8("gnu"))
        #expect(entries.last?.linkName == longLink)
    }

    @Test func appliesPAXRecordsAndIgnoresGlobalHeaders() throws {
        let records = paxRecord("path", "from/pax.yaml") + paxRecord("linkpath", "target")
        let tar = TarWriter.write([
            TarEntry(name: "pax_global_header", kind: .other(UInt8(ascii: "g")), contents: paxRecord("comment", "hey")),
            TarEntry(name: "PaxHeader", kind: .other(UInt8(ascii: "x")), contents: records),
            TarEntry(file: "ustar-name", contents: .utf8("body")),
            TarEntry(file: "next", contents: []),
        ])
        let entries = try TarReader.read(tar)
        #expect(entries.map(\.name) == ["from/pax.yaml", "next"])
        #expect(entries.first?.linkName == "target")
        #expect(entries.first?.contents == .utf8("body"))
    }

    @Test func readsOldStyleEntriesByTheirName() throws {
        let tar = TarWriter.write([
            TarEntry(name: "dir/", kind: .other(0)),
            TarEntry(name: "file", kind: .other(0), contents: .utf8("v7")),
        ])
        #expect(try TarReader.read(tar).map(\.kind) == [.directory, .file])
    }

    @Test func keepsUnknownTypes() throws {
        let tar = TarWriter.write([TarEntry(name: "c", kind: .other(UInt8(ascii: "7")), contents: .utf8("data"))])
        #expect(
            try TarReader.read(tar) == [TarEntry(name: "c", kind: .other(UInt8(ascii: "7")), contents: .utf8("data"))]
        )
    }

    @Test func readsAnEmptyArchive() throws {
        #expect(try TarReader.read([]) == [])
        #expect(try TarReader.read(TarWriter.write([])) == [])
        #expect(try TarReader.read([UInt8](repeating: 0, count: 512)) == [], "one zero block then the end is fine")
    }

    @Test func stopsAtTheEndMarker() throws {
        let tar = TarWriter.write([TarEntry(file: "a", contents: [])]) + .utf8("anything after the end marker")
        #expect(try TarReader.read(tar).map(\.name) == ["a"])
    }

    @Test func readsEntriesWithoutAnEndMarker() throws {
        let tar = TarWriter.write([TarEntry(file: "a", contents: .utf8("x"))])
        #expect(try TarReader.read(Array(tar.dropLast(1024))).map(\.name) == ["a"])
    }
}
