import Bundler
import Foundation
import PackFormat

/// Temporary folders holding copies of the repository's packs, for builder tests.
struct BundlerFixture {
    /// The temporary folder.
    let root: String

    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// A new empty temporary folder.
    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("bundler-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    func path(_ relative: String) -> String { root + "/" + relative }

    /// Copies `packs/<name>` of the repository to `<root>/packs/<name>` and returns the copy's pack folder.
    @discardableResult
    func copyPack(_ name: String = "hello") throws -> String {
        try FileManager.default.createDirectory(atPath: path("packs"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.repositoryRoot + "/packs/" + name, toPath: path("packs/" + name))
        return path("packs/\(name)/pack")
    }

    /// Writes a file, creating its folders.
    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Replaces text in a file.
    func edit(_ relative: String, replacing old: String, with new: String) throws {
        let text = try String(contentsOfFile: path(relative), encoding: .utf8)
        precondition(text.contains(old), "\(relative) lacks \(old)")
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: URL(fileURLWithPath: path(relative)))
    }

    /// Reads a file's bytes.
    func bytes(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(relative)).map { [UInt8]($0) }
    }

    /// A build configuration over `<root>/packs` writing to `<root>/<output>`, at a fixed time.
    func configuration(output: String = "public", previous: String? = nil) throws -> BuildConfiguration {
        BuildConfiguration(
            paths: [path("packs")],
            outputDirectory: path(output),
            baseURL: try BaseURL("https://packs.example.com/"),
            updatedAt: CatalogTimestamp.string(epochSeconds: 1_700_000_000),
            previousCatalog: previous
        )
    }

    /// Plans and writes a build.
    @discardableResult
    func build(output: String = "public", previous: String? = nil) throws -> BuildPlan {
        let plan = try CatalogBuilder(configuration: try configuration(output: output, previous: previous)).plan()
        _ = try plan.write()
        return plan
    }
}
