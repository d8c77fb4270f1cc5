import TarArchive
import Testing

@Suite("SafeExtractor: entry types and duplicates")
struct SafeExtractorEntryTests {
    @Test(arguments: [
        (
            TarEntry(name: "link", kind: .symbolicLink, mode: 0o777, linkName: "pack.yaml"),
            ArchiveError.Code.symbolicLink
        ),
        (TarEntry(name: "hard", kind: .hardLink, linkName: "pack.yaml"), .hardLink),
        (TarEntry(name: "tty", kind: .characterDevice), .deviceFile),
        (TarEntry(name: "disk", kind: .blockDevice), .deviceFile),
        (TarEntry(name: "pipe", kind: .fifo), .unsupportedEntryType),
        (TarEntry(name: "contiguous", kind: .other(UInt8(ascii: "7")), contents: .utf8("x")), .unsupportedEntryType),
        (TarEntry(name: "sparse", kind: .other(UInt8(ascii: "S"))), .unsupportedEntryType),
        (TarEntry(name: "label", kind: .other(UInt8(ascii: "V"))), .unsupportedEntryType),
        (TarEntry(name: "weird", kind: .other(0xff)), .unsupportedEntryType),
    ])
    func refusesEntryTypes(entry: TarEntry, code: ArchiveError.Code) {
        expectArchiveError(code, entry: entry.name) { () throws(ArchiveError) in
            try extract([TarEntry(file: "pack.yaml", contents: .utf8("x")), entry])
        }
    }

    @Test(arguments: [
        ["pack.yaml", "pack.yaml"],
        ["pack.yaml", "./pack.yaml"],
        ["a/b", "a//b"],
        ["a/b", "a/./b"],
    ])
    func refusesDuplicateFiles(names: [String]) {
        expectArchiveError(.duplicateEntry, entry: names[1]) { () throws(ArchiveError) in
            try extract(names.map { TarEntry(file: $0, contents: .utf8($0)) })
        }
    }

    @Test func refusesAFileAndADirectoryWithTheSamePath() {
        expectArchiveError(.duplicateEntry, entry: "schemas/") { () throws(ArchiveError) in
            try extract([TarEntry(file: "schemas", contents: []), TarEntry(directory: "schemas/")])
        }
        expectArchiveError(.duplicateEntry, entry: "schemas") { () throws(ArchiveError) in
            try extract([TarEntry(directory: "schemas/"), TarEntry(file: "schemas", contents: [])])
        }
    }

    @Test func refusesTheSameDirectoryTwice() {
        expectArchiveError(.duplicateEntry, entry: "./d") { () throws(ArchiveError) in
            try extract([TarEntry(directory: "d/"), TarEntry(directory: "./d")])
        }
    }

    @Test func refusesAFileUsedAsADirectory() {
        expectArchiveError(.pathConflict, entry: "a/b") { () throws(ArchiveError) in
            try extract([TarEntry(file: "a", contents: []), TarEntry(file: "a/b", contents: [])])
        }
        expectArchiveError(.pathConflict, entry: "a") { () throws(ArchiveError) in
            try extract([TarEntry(file: "a/b/c", contents: []), TarEntry(file: "a", contents: [])])
        }
        expectArchiveError(.pathConflict, entry: "a/b/") { () throws(ArchiveError) in
            try extract([TarEntry(file: "a", contents: []), TarEntry(directory: "a/b/")])
        }
    }
}
