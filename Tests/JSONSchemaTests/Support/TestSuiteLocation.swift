import Foundation

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

    /// Paths of the suite files under `tests/draft7/<subdirectory>`, relative to `tests/draft7`, sorted.
    static func files(in subdirectory: String) -> [String] {
        guard let root else { return [] }
        let directory = root.appendingPathComponent("tests/draft7").appendingPathComponent(subdirectory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let prefix = subdirectory.isEmpty ? "" : subdirectory + "/"
        return names.filter { $0.hasSuffix(".json") }.sorted().map { prefix + $0 }
    }

    /// The required draft-07 files, or one placeholder that fails clearly when the suite is missing.
    static let requiredFiles: [String] = {
        let found = files(in: "")
        return found.isEmpty ? [missingPlaceholder] : found
    }()

    /// Stands for the whole suite when it cannot be found.
    static let missingPlaceholder = "<suite missing>"
}
