import Foundation
import PackAssets

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// A pack's bundle files held in memory, to generate from after edits.
struct AssetFixture {
    var files: [String: String]

    /// The files of `packs/<name>/pack`.
    init(_ name: String) throws {
        let root = repositoryRoot + "/packs/\(name)/pack"
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let next = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + next, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            files[next] = try String(contentsOfFile: root + "/" + next, encoding: .utf8)
        }
        self.files = files
    }

    /// Replaces `old` with `new` in `file`.
    mutating func edit(_ file: String, _ old: String, _ new: String) throws {
        guard let text = files[file], text.contains(old) else { throw EditError(file: file, old: old) }
        files[file] = text.replacingOccurrences(of: old, with: new)
    }

    struct EditError: Error {
        let file: String
        let old: String
    }

    var generator: AssetGenerator {
        let files = files
        return AssetGenerator(files: files.keys.sorted(), read: { files[$0].map { Array($0.utf8) } })
    }

    /// Writes the plan's files into the fixture, removing obsolete ones.
    mutating func apply(_ plan: AssetGenerator.Plan) {
        for file in plan.files { files[file.path] = file.text }
        for path in plan.obsolete { files[path] = nil }
    }
}
