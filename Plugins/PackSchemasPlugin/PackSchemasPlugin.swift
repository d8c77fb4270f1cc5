import Foundation
import PackagePlugin

/// Embeds a pack's input schemas (`packs/<id>/pack/schemas/*Input.json`) in its worker library as
/// `PackInputSchemas.texts`, so the worker validates each job against exactly the schema the pack declares, with
/// nothing to ship or read beside the executable. Package.swift applies it to every worker target of the pack
/// table; the schemas are inputs of the build, so editing one rebuilds the worker.
@main
struct PackSchemasPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let schemas = target.directoryURL.deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "pack").appending(path: "schemas")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: schemas.path)) ?? []
        let inputs = names.filter { $0.hasSuffix("Input.json") }.sorted().map { schemas.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "PackInputSchemas+Generated.swift")
        return [
            .buildCommand(
                displayName: "Embedding the input schemas of \(target.name)",
                executable: try context.tool(named: "embed-text-generator").url,
                arguments: [output.path, "PackInputSchemas", "stem"] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
