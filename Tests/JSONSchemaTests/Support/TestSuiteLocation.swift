import Foundation
import JSONSchema

/// Finds the JSON-Schema-Test-Suite checkout: `shared/json-schema-test-suite` beside the package root.
enum TestSuiteLocation {
    /// The suite's root directory, or nil when it is missing.
    static let root: URL? = {
        // Resolve symlinks first: development packages link this folder in from the real checkout.
        var directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                let suite = directory.deletingLastPathComponent()
                    .appendingPathComponent("shared/json-schema-test-suite")
                return FileManager.default.fileExists(atPath: suite.appendingPathComponent("tests/draft7").path)
                    ? suite : nil
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    /// Explains where the suite was expected.
    static let missingMessage =
        "JSON-Schema-Test-Suite not found: expected shared/json-schema-test-suite/tests/draft7 beside the package "
        + "checkout (the folder that holds Package.swift)"

    /// The `remotes` folder the suite's `http://localhost:1234/` references are served from.
    static var remotes: URL? { root?.appendingPathComponent("remotes") }

    /// Paths of the suite files under `tests/<draft folder>/<subdirectory>`, relative to the draft folder, sorted.
    static func files(_ draft: SuiteDraft, in subdirectory: String = "") -> [String] {
        guard let root else { return [] }
        let directory = root.appendingPathComponent("tests/\(draft.folder)").appendingPathComponent(subdirectory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let prefix = subdirectory.isEmpty ? "" : subdirectory + "/"
        return names.filter { $0.hasSuffix(".json") }.sorted().map { prefix + $0 }
    }
}

/// One draft folder of the suite and the draft its schemas default to.
struct SuiteDraft: Sendable, CustomStringConvertible, CaseIterable {
    var folder: String
    var draft: JSONSchema.Draft

    static let allCases: [SuiteDraft] = [
        SuiteDraft(folder: "draft4", draft: .draft4), SuiteDraft(folder: "draft6", draft: .draft6),
        SuiteDraft(folder: "draft7", draft: .draft7), SuiteDraft(folder: "draft2019-09", draft: .draft201909),
        SuiteDraft(folder: "draft2020-12", draft: .draft202012),
    ]

    var description: String { folder }
}
