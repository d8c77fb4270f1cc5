import PackFormat
import StructuredData
import TarArchive
import Testing

/// Hostile bundles are refused with an error that names the entry.
@Suite struct BundleSafetyTests {
    static func bundle(extra: TarEntry) -> [UInt8] {
        var entries = Fixture.minimal.keys.sorted().map { path in
            TarEntry(name: path, kind: .file, mode: 0o644, linkName: "", contents: Array(Fixture.minimal[path]!.utf8))
        }
        entries.append(extra)
        return Gzip.compress(TarWriter.write(entries))
    }

    static let hostile: [(String, TarEntry)] = [
        ("absolute", TarEntry(name: "/etc/cron.d/x", kind: .file, mode: 0o644, linkName: "", contents: [])),
        ("parent", TarEntry(name: "../x", kind: .file, mode: 0o644, linkName: "", contents: [])),
        ("nested parent", TarEntry(name: "a/../../x", kind: .file, mode: 0o644, linkName: "", contents: [])),
        ("symlink", TarEntry(name: "link", kind: .symbolicLink, mode: 0o777, linkName: "/etc/passwd", contents: [])),
        ("hard link", TarEntry(name: "hard", kind: .hardLink, mode: 0o644, linkName: "pack.yaml", contents: [])),
        ("device", TarEntry(name: "dev", kind: .characterDevice, mode: 0o644, linkName: "", contents: [])),
        ("duplicate", TarEntry(name: "pack.yaml", kind: .file, mode: 0o644, linkName: "", contents: Array("x".utf8))),
    ]

    @Test(arguments: hostile)
    func refusesHostileEntries(_ name: String, _ entry: TarEntry) {
        do {
            _ = try PackLoader.load(bundle: Self.bundle(extra: entry), name: "evil.tgz")
            Issue.record("\(name): expected a refusal")
        } catch {
            #expect(error.errors.map(\.code) == [.invalidArchive], "\(name)")
            #expect(error.errors.first?.location.file.hasPrefix("evil.tgz") == true)
        }
    }

    @Test func refusesTooManyFiles() {
        let entries = (0..<2049).map { TarEntry(name: "f\($0)", kind: .file, mode: 0o644, linkName: "", contents: []) }
        #expect(
            loadCodes { try PackLoader.load(bundle: Gzip.compress(TarWriter.write(entries)), name: "many.tgz") } == [
                .invalidArchive
            ]
        )
    }

    @Test func refusesGarbage() {
        #expect(
            loadCodes { try PackLoader.load(bundle: Array("not a gzip stream".utf8), name: "junk.tgz") } == [
                .invalidArchive
            ]
        )
    }
}
