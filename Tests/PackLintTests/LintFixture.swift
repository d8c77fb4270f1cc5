import Foundation
import PackFormat
import PackLint

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// A copy of the hello pack with edits applied, linted.
struct LintFixture {
    /// One text edit: in `file` (relative to the pack root), replace `old` with `new`.
    struct Edit: Sendable {
        let file: String
        let old: String
        let new: String
    }

    /// Copies packs/hello/pack, applies the edits, lints it (with any extra packs) and returns the rule ids found.
    static func ruleIDs(_ edits: [Edit], extraPacks: [Pack] = []) throws -> [String] {
        try lint(edits, extraPacks: extraPacks).findings.map(\.ruleID)
    }

    static func lint(_ edits: [Edit], extraPacks: [Pack] = []) throws -> LintReport {
        let source = repositoryRoot + "/packs/hello/pack"
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: source, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
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
        let pack = try PackLoader.load(copy)
        return PackLinter(packs: [pack] + extraPacks).lint()
    }

    enum FixtureError: Error {
        case editDoesNotApply(String, String)
    }
}
