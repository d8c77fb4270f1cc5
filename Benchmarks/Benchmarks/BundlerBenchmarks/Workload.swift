import Bundler
import Foundation

/// The benchmark workload: the repository's own packs, and 16 renamed copies of `packs/hello` (so lint, the
/// policy suite and the catalog see a realistic number of packs installed together).
enum Workload {
    static let copies = 16

    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A new temporary folder.
    static func temporaryFolder(_ label: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bundler-bench-\(label)-\(UUID())")
            .path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// `<tmp>/hello01` … `<tmp>/hello16`: `packs/hello` with every `hello` renamed, so ids, topics, capabilities,
    /// schema and workflow ids and fragment rules stay consistent.
    static func copiesOfHello() -> String {
        let folder = temporaryFolder("packs")
        let manager = FileManager.default
        let source = repositoryRoot + "/packs/hello"
        for index in 1...copies {
            let name = "hello" + (index < 10 ? "0\(index)" : "\(index)")
            let target = folder + "/" + name
            try! manager.copyItem(atPath: source, toPath: target)
            for file in manager.enumerator(atPath: target)!.compactMap({ $0 as? String }) {
                let path = target + "/" + file
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
                try! text.replacingOccurrences(of: "hello", with: name).write(
                    toFile: path,
                    atomically: false,
                    encoding: .utf8
                )
            }
        }
        return folder
    }

    /// A build of `paths` into a fresh folder, at a fixed time.
    static func configuration(_ paths: [String]) -> BuildConfiguration {
        BuildConfiguration(
            paths: paths,
            outputDirectory: temporaryFolder("public"),
            baseURL: try! BaseURL("https://packs.example.com"),
            updatedAt: CatalogTimestamp.string(epochSeconds: 1_700_000_000)
        )
    }
}
