import Foundation
import GovernanceDiff
import PackFormat

/// Copies of the hello pack with edits applied, for diffing an old version against a new one.
enum DiffFixture {
    /// One text edit: in `file` (relative to the pack root), replace `old` with `new`.
    struct Edit: Sendable {
        let file: String
        let old: String
        let new: String

        init(_ file: String, _ old: String, _ new: String) {
            self.file = file
            self.old = old
            self.new = new
        }
    }

    enum FixtureError: Error {
        case editDoesNotApply(String, String)
    }

    static let manifest = "pack.yaml"
    static let fragment = "overlays/policy.fragment.yaml"
    static let greetWorkflow = "workflows/greet.yaml"

    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A new temporary folder.
    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("diff-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Copies packs/hello/pack into a new temporary folder, applies the edits and returns the folder.
    static func copy(_ edits: [Edit]) throws -> String {
        let copy = try temporaryFolder() + "/pack"
        try FileManager.default.copyItem(atPath: repositoryRoot + "/packs/hello/pack", toPath: copy)
        for edit in edits {
            let path = copy + "/" + edit.file
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard text.contains(edit.old) else { throw FixtureError.editDoesNotApply(edit.file, edit.old) }
            try text.replacingOccurrences(of: edit.old, with: edit.new).write(
                toFile: path,
                atomically: true,
                encoding: .utf8
            )
        }
        return copy
    }

    /// The hello pack with the edits applied.
    static func pack(_ edits: [Edit]) throws -> Pack {
        let folder = try copy(edits)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try PackLoader.load(folder)
    }

    /// The diff from the hello pack (with `old` edits) to the hello pack with `new` edits.
    static func diff(old: [Edit] = [], new: [Edit], basePolicy: (file: String, bytes: [UInt8])? = nil) throws
        -> DiffReport
    {
        try PackDiff.compare(try pack(old), try pack(new), basePolicy: basePolicy)
    }

    /// The kinds of the changes from hello to hello with `new` edits.
    static func kinds(old: [Edit] = [], new: [Edit]) throws -> [GovernanceChange.Kind] {
        try diff(old: old, new: new).changes.map(\.kind)
    }
}
