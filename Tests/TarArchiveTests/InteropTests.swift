import Foundation
import ServerTesting
import TarArchive
import Testing

/// Checks against the system `tar` and `gzip`, run as child processes in a temporary directory.
@Suite("Interoperability with GNU tar and gzip")
struct InteropTests {
    static let deepPath = String(repeating: "nested-directory/", count: 8) + "with-a-long-file-name.json"

    /// Files laid out on disk for the system tar to archive.
    static let files: [String: [UInt8]] = [
        "pack.yaml": .utf8("apiVersion: cordum.io/v1\nkind: Pack\n"),
        "schemas/a.json": .utf8("{\"type\": \"object\"}\n"),
        "schemas/empty.json": [],
        "README.md": .utf8(String(repeating: "Cordum packs. ", count: 100)),
        deepPath: .utf8("[]"),
    ]

    @Test(arguments: ["gnu", "pax", "ustar", "posix"])
    func readsArchivesMadeByTheSystemTar(format: String) throws {
        try withTemporaryDirectory { directory in
            let root = directory.appendingPathComponent("pack")
            try write(Self.files, under: root)
            let archive = directory.appendingPathComponent("bundle.tgz")
            let roots = Set(Self.files.keys.map { String($0.split(separator: "/")[0]) }).sorted()
            try run(["tar", "--format=\(format)", "-czf", archive.path, "-C", root.path] + roots)
            let bytes = try [UInt8](Data(contentsOf: archive))
            #expect(try SafeExtractor.extract(bytes) == Self.files)
            let names = try TarReader.read(Gzip.decompress(bytes, maxOutputBytes: 1 << 20)).map(\.name)
            #expect(names.contains(Self.deepPath))
            #expect(names.contains("schemas/"))
        }
    }

    @Test func refusesTheRootEntryThatTarWritesForDot() throws {
        try withTemporaryDirectory { directory in
            let root = directory.appendingPathComponent("pack")
            try write(["pack.yaml": .utf8("x")], under: root)
            let archive = directory.appendingPathComponent("bundle.tgz")
            try run(["tar", "-czf", archive.path, "-C", root.path, "."])
            let bytes = try [UInt8](Data(contentsOf: archive))
            expectArchiveError(.invalidPath, entry: "./") { () throws(ArchiveError) in
                try SafeExtractor.extract(bytes)
            }
        }
    }

    @Test func writesArchivesTheSystemToolsAccept() throws {
        let entries =
            [TarEntry(directory: "schemas/")]
            + Self.files.keys.sorted().map { TarEntry(file: $0, contents: Self.files[$0] ?? []) }
            + [TarEntry(file: "données/é.yaml", contents: .utf8("é"))]
        try withTemporaryDirectory { directory in
            let archive = directory.appendingPathComponent("bundle.tgz")
            try Data(Gzip.compress(TarWriter.write(entries))).write(to: archive)
            try run(["gzip", "-t", archive.path])
            let listing = try run(["tar", "-tzvf", archive.path])
            let lines = listing.split(separator: "\n")
            #expect(lines.count == entries.count)
            for (line, entry) in zip(lines, entries) {
                #expect(line.hasSuffix(" " + entry.name), "\(line)")
                #expect(line.contains("0/0"), "\(line)")
                #expect(line.contains("1970-01-01"), "\(line)")
                #expect(line.hasPrefix(entry.kind == .directory ? "drwxr-xr-x" : "-rw-r--r--"), "\(line)")
            }
            let out = directory.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try run(["tar", "-xzf", archive.path, "-C", out.path])
            for entry in entries where entry.kind == .file {
                let data = try Data(contentsOf: out.appendingPathComponent(entry.name))
                #expect([UInt8](data) == entry.contents, "\(entry.name)")
            }
        }
    }

    // MARK: Helpers

    private func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("TarArchiveTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    private func write(_ files: [String: [UInt8]], under root: URL) throws {
        for (path, contents) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(contents).write(to: url)
        }
    }

    /// Runs a command found on `PATH` and returns its standard output; fails if it exits non-zero.
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C.UTF-8"
        environment["TZ"] = "UTC"
        let output = try CapturedRun.run("/usr/bin/env", arguments, environment: environment)
        let text = String(decoding: output.stdout, as: UTF8.self)
        #expect(output.status == 0, "\(arguments.joined(separator: " ")) failed: \(text)")
        return text
    }
}
