import ArgumentParser
import Foundation
import PackAssets
import PackFormat

/// `packctl generate`: writes a pack's mechanical files from its topics table.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a pack's generated files from its topics table (topics.yaml).",
        discussion: """
            Writes the output schemas (schemas/<Name>Output.json), the generated regions of pack.yaml (topics, \
            resources.schemas, the baseline policySimulations), the pools and timeouts patches, and the topic lists \
            of the policy fragment's marked rules; deletes output schemas it generated for actions the table no \
            longer has. Files are written only when their content changes, so a second run changes nothing. \
            docs/authoring.md describes the table.
            Exit codes: 0 written (or, with --check, up to date); 1 with --check, a generated file is stale; \
            2 a pack has no table, the table is invalid, or a file it needs is missing.
            """
    )

    @Argument(help: "Pack folders (holding pack.yaml or pack/pack.yaml), or folders of packs.")
    var paths: [String] = ["packs"]

    @Flag(name: .long, help: "Write nothing; report the generated files that differ from the table.")
    var check = false

    func run() throws {
        var stale = false
        var failed = false
        for root in try Self.roots(paths) {
            let generator = Self.generator(root)
            do {
                if check {
                    let files = try generator.staleFiles()
                    for file in files { printError("\(root)/\(file.path): stale: \(file.difference)") }
                    if files.isEmpty { print("\(root): generated files are up to date") }
                    stale = stale || !files.isEmpty
                } else {
                    try write(generator.plan(), root: root)
                }
            } catch {
                printError("error: \(error)")
                failed = true
            }
        }
        if failed { throw ExitStatus.invalidInput }
        if stale {
            printError("run: packctl generate \(paths.joined(separator: " "))")
            throw ExitStatus.checkFailed
        }
    }

    private func write(_ plan: AssetGenerator.Plan, root: String) throws {
        var changed = 0
        for file in plan.files {
            let path = root + "/" + file.path
            let bytes = Data(file.text.utf8)
            if FileManager.default.contents(atPath: path) == bytes { continue }
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            try bytes.write(to: URL(fileURLWithPath: path))
            print("wrote \(path)")
            changed += 1
        }
        for path in plan.obsolete {
            try FileManager.default.removeItem(atPath: root + "/" + path)
            print("removed \(root)/\(path)")
            changed += 1
        }
        if changed == 0 { print("\(root): generated files are up to date") }
    }

    /// The pack roots (folders holding pack.yaml) under `paths`: a pack folder, or every pack with a topics table
    /// in a folder of packs.
    static func roots(_ paths: [String]) throws -> [String] {
        var roots: [String] = []
        for path in paths {
            let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
            if let root = root(trimmed) {
                roots.append(root)
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: trimmed)) ?? []
            let found = names.sorted().compactMap { root(trimmed + "/" + $0) }.filter {
                FileManager.default.fileExists(atPath: $0 + "/" + TopicsTable.fileName)
            }
            guard !found.isEmpty else {
                printError("error: \(path): no pack with a \(TopicsTable.fileName) here")
                throw ExitStatus.invalidInput
            }
            roots += found
        }
        return roots
    }

    private static func root(_ folder: String) -> String? {
        for candidate in [folder, folder + "/pack"]
        where PackLoader.manifestNames.contains(where: {
            FileManager.default.fileExists(atPath: candidate + "/" + $0)
        }) {
            return candidate
        }
        return nil
    }

    /// A generator over the files of the pack folder `root`.
    static func generator(_ root: String) -> AssetGenerator {
        var files: [String] = []
        if let enumerator = FileManager.default.enumerator(atPath: root) {
            while let next = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/" + next, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    files.append(next)
                }
            }
        }
        return AssetGenerator(
            files: files.sorted(),
            read: { path in FileManager.default.contents(atPath: root + "/" + path).map { [UInt8]($0) } },
            display: { root + "/" + $0 }
        )
    }
}
