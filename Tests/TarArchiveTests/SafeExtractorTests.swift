import TarArchive
import Testing

@Suite("SafeExtractor: round trip and normalization")
struct SafeExtractorTests {
    @Test func returnsTheRegularFilesByPath() throws {
        let files = try extract([
            TarEntry(file: "pack.yaml", contents: .utf8("id: demo\n")),
            TarEntry(directory: "schemas/"),
            TarEntry(file: "schemas/a.json", contents: .utf8("{}")),
            TarEntry(file: "schemas/empty.json", contents: []),
            TarEntry(file: String(repeating: "long/", count: 40) + "x.yaml", contents: .utf8("x")),
        ])
        #expect(
            files == [
                "pack.yaml": .utf8("id: demo\n"),
                "schemas/a.json": .utf8("{}"),
                "schemas/empty.json": [],
                String(repeating: "long/", count: 40) + "x.yaml": .utf8("x"),
            ]
        )
    }

    @Test(arguments: [
        ("./pack.yaml", "pack.yaml"),
        ("a/./b", "a/b"),
        ("a//b", "a/b"),
        ("./a/./b/", "a/b"),
        ("schémas/é.json", "schémas/é.json"),
        ("inner space/file name", "inner space/file name"),
    ])
    func normalizesNames(name: String, path: String) throws {
        #expect(try extract([TarEntry(file: name, contents: .utf8("x"))]) == [path: .utf8("x")])
    }

    @Test func allowsDirectoriesWithoutCountingThem() throws {
        let limits = BundleLimits(maxFiles: 1)
        let files = try extract(
            [
                TarEntry(directory: "a/"), TarEntry(directory: "a/b/"), TarEntry(directory: "c"),
                TarEntry(file: "a/b/pack.yaml", contents: []),
            ],
            limits: limits
        )
        #expect(files.keys.sorted() == ["a/b/pack.yaml"])
    }

    @Test func allowsADirectoryEntryAfterFilesInsideIt() throws {
        let files = try extract([TarEntry(file: "a/b", contents: []), TarEntry(directory: "a/")])
        #expect(files.keys.sorted() == ["a/b"])
    }

    @Test func returnsNothingForAnEmptyArchive() throws {
        #expect(try extract([]) == [:])
    }
}

@Suite("SafeExtractor: hostile names")
struct SafeExtractorPathTests {
    @Test(arguments: [
        ("/etc/passwd", ArchiveError.Code.absolutePath),
        ("//etc/passwd", .absolutePath),
        ("/", .absolutePath),
        ("../x", .pathTraversal),
        ("..", .pathTraversal),
        ("a/../../x", .pathTraversal),
        ("a/../b", .pathTraversal),
        ("a/..", .pathTraversal),
        ("pack/../pack.yaml", .pathTraversal),
        ("./../x", .pathTraversal),
        ("", .invalidPath),
        (".", .invalidPath),
        ("./", .invalidPath),
        ("././", .invalidPath),
        ("a\u{0}b", .invalidPath),
        ("a\\b", .invalidPath),
        ("..\\x", .invalidPath),
        ("a\nb", .invalidPath),
        ("a\u{7f}", .invalidPath),
        (" pack.yaml", .invalidPath),
        ("pack.yaml ", .invalidPath),
    ])
    func refusesFileNames(name: String, code: ArchiveError.Code) {
        expectArchiveError(code, entry: name) { () throws(ArchiveError) in
            try extract([TarEntry(file: "ok.yaml", contents: []), TarEntry(file: name, contents: .utf8("x"))])
        }
    }

    @Test(arguments: [
        ("./", ArchiveError.Code.invalidPath),
        (".", .invalidPath),
        ("../", .pathTraversal),
        ("a/../", .pathTraversal),
        ("/tmp/", .absolutePath),
    ])
    func refusesDirectoryNames(name: String, code: ArchiveError.Code) {
        expectArchiveError(code, entry: name) { () throws(ArchiveError) in
            try extract([TarEntry(directory: name), TarEntry(file: "pack.yaml", contents: [])])
        }
    }

    @Test func refusesHostileNamesFromGNULongNameHeaders() {
        let name =
            String(repeating: "a/", count: 60) + "../../../../../../../../../../../../../../../../../../../../etc/x"
        expectArchiveError(.pathTraversal, entry: name) { () throws(ArchiveError) in
            try extract([
                TarEntry(name: "././@LongLink", kind: .other(UInt8(ascii: "L")), contents: .utf8(name + "\u{0}")),
                TarEntry(file: "harmless", contents: .utf8("x")),
            ])
        }
    }

    @Test func refusesHostileNamesFromPAXHeaders() {
        expectArchiveError(.absolutePath, entry: "/etc/cron.d/x") { () throws(ArchiveError) in
            try extract([
                TarEntry(
                    name: "PaxHeader",
                    kind: .other(UInt8(ascii: "x")),
                    contents: paxRecord("path", "/etc/cron.d/x")
                ),
                TarEntry(file: "harmless", contents: .utf8("x")),
            ])
        }
    }

    @Test func checksThePathBeforeTheType() {
        expectArchiveError(.pathTraversal, entry: "../link") { () throws(ArchiveError) in
            try extract([TarEntry(name: "../link", kind: .symbolicLink, linkName: "/etc/passwd")])
        }
    }
}
