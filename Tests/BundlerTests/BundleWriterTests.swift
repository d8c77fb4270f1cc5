import Bundler
import Foundation
import PackFormat
import TarArchive
import Testing

@Suite struct BundleWriterTests {
    @Test func twoBuildsOfThePackGiveTheSameBytes() throws {
        let fixture = try BundlerFixture()
        let folder = try fixture.copyPack()
        let first = try BundleWriter.bundle(try PackLoader.load(folder))
        let second = try BundleWriter.bundle(try PackLoader.load(BundlerFixture.repositoryRoot + "/packs/hello"))
        #expect(first.bytes == second.bytes)
        #expect(first.sha256 == second.sha256)
        #expect(first.sha256.count == 64)
    }

    @Test func gzipHeaderHasNoTimeNoNameAndAFixedOSByte() throws {
        let bundle = try BundleWriter.bundle(try PackLoader.load(BundlerFixture.repositoryRoot + "/packs/hello"))
        #expect(Array(bundle.bytes[0..<3]) == [0x1f, 0x8b, 8])
        #expect(bundle.bytes[3] == 0, "no FNAME or other header flags")
        #expect(Array(bundle.bytes[4..<8]) == [0, 0, 0, 0], "mtime 0")
        #expect(bundle.bytes[9] == Gzip.headerOSByte)
    }

    @Test func entriesAreSortedRegularFilesWithFixedMetadataAndNoDotFiles() throws {
        let fixture = try BundlerFixture()
        let folder = try fixture.copyPack()
        try fixture.write("packs/hello/pack/.env", "SECRET=1\n")
        try fixture.write("packs/hello/pack/.git/config", "[core]\n")
        try fixture.write("packs/hello/pack/schemas/__pycache__/x.pyc", "cache")
        try fixture.write("packs/hello/pack/Notes.md", "notes\n")
        let bundle = try BundleWriter.bundle(try PackLoader.load(folder))
        let tar = try Gzip.decompress(bundle.bytes, maxOutputBytes: 1 << 24)
        let entries = try TarReader.read(tar)
        let names = entries.map(\.name)
        #expect(names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(names.first == "Notes.md")
        #expect(names.contains("pack.yaml") && names.contains("workflows/greet.yaml"))
        #expect(!names.contains { $0.hasPrefix(".") || $0.contains("/.") || $0.contains("__pycache__") })
        #expect(!names.contains { $0.hasPrefix("./") || $0.hasSuffix("/") })
        #expect(entries.allSatisfy { $0.kind == .file && $0.mode == 0o644 })
        #expect(bundle.entries == names)
        // Every header: uid, gid and mtime fields are zero, owner names empty.
        var offset = 0
        for entry in entries {
            let header = Array(tar[offset..<(offset + 512)])
            #expect(String(decoding: header[108..<115], as: UTF8.self) == "0000000", "uid of \(entry.name)")
            #expect(String(decoding: header[116..<123], as: UTF8.self) == "0000000", "gid of \(entry.name)")
            #expect(String(decoding: header[136..<147], as: UTF8.self) == "00000000000", "mtime of \(entry.name)")
            #expect(header[265..<329].allSatisfy { $0 == 0 }, "uname/gname of \(entry.name)")
            offset += 512 + (entry.contents.count + 511) / 512 * 512
        }
    }

    @Test func theBundleRootIsTheFolderHoldingPackYAML() throws {
        let bundle = try BundleWriter.bundle(try PackLoader.load(BundlerFixture.repositoryRoot + "/packs/hello"))
        #expect(!bundle.entries.contains("README.md"), "packs/hello/README.md is outside packs/hello/pack")
        #expect(!bundle.entries.contains { $0.hasPrefix("pack/") })
    }

    @Test func aBundleLoadsBackAsTheSamePack() throws {
        let bundle = try BundleWriter.bundle(try PackLoader.load(BundlerFixture.repositoryRoot + "/packs/hello"))
        let pack = try PackLoader.load(bundle: bundle.bytes, name: "pack.tgz")
        #expect(pack.id == "hello" && pack.version == "0.1.0")
        #expect(pack.files == bundle.entries)
    }

    @Test func rebundlingABundleGivesTheSameBytes() throws {
        let fixture = try BundlerFixture()
        let bundle = try BundleWriter.bundle(try PackLoader.load(BundlerFixture.repositoryRoot + "/packs/hello"))
        try Data(bundle.bytes).write(to: URL(fileURLWithPath: fixture.path("hello.tgz")))
        let again = try BundleWriter.bundle(try PackLoader.load(fixture.path("hello.tgz")))
        #expect(again.bytes == bundle.bytes)
    }

    @Test func aLinkInsideThePackIsBundledAsAFile() throws {
        let fixture = try BundlerFixture()
        let folder = try fixture.copyPack()
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/GREET.json",
            withDestinationPath: "schemas/GreetInput.json"
        )
        let bundle = try BundleWriter.bundle(try PackLoader.load(folder))
        let files = try SafeExtractor.extract(bundle.bytes)
        #expect(files["GREET.json"] == fixture.bytes("packs/hello/pack/schemas/GreetInput.json"))
    }

    @Test func aLinkLeavingThePackIsRefused() throws {
        let fixture = try BundlerFixture()
        let folder = try fixture.copyPack()
        try fixture.write("outside.txt", "secret\n")
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/leak.txt",
            withDestinationPath: fixture.path("outside.txt")
        )
        let error = #expect(throws: BundlerError.self) { try BundleWriter.bundle(try PackLoader.load(folder)) }
        #expect(error?.code == .unsafeFile)
        #expect(error?.packID == "hello")
    }

    @Test func bundlesOverTheFileLimitAreRefused() throws {
        let pack = try PackLoader.load(BundlerFixture.repositoryRoot + "/packs/hello")
        let error = #expect(throws: BundlerError.self) {
            try BundleWriter.bundle(pack, limits: BundleLimits(maxFiles: 3))
        }
        #expect(error?.code == .bundleTooLarge)
    }

    @Test func archiveWritesFilesInByteOrder() throws {
        let bytes = BundleWriter.archive(["b.txt": Array("b".utf8), "B.txt": Array("B".utf8), "a/z.txt": []])
        let entries = try TarReader.read(try Gzip.decompress(bytes, maxOutputBytes: 1 << 20))
        #expect(entries.map(\.name) == ["B.txt", "a/z.txt", "b.txt"])
    }
}
