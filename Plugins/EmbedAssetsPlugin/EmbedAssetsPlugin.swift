import Foundation
import PackagePlugin

/// Embeds the text files of a target's `Assets/` folder in the target as `EmbeddedAssets.texts`, keyed by file name
/// (`console.js`). The host's console uses it: a `packctl` binary copied anywhere still serves its console, with no
/// resource bundle to keep beside it. The files are inputs of the build, so editing one rebuilds the target; the
/// target excludes `Assets` from its sources.
@main
struct EmbedAssetsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let assets = target.directoryURL.appending(path: "Assets")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: assets.path)) ?? []
        let inputs = names.filter { !$0.hasPrefix(".") }.sorted().map { assets.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedAssets+Generated.swift")
        return [
            .buildCommand(
                displayName: "Embedding the assets of \(target.name)",
                executable: try context.tool(named: "embed-text-generator").url,
                arguments: [output.path, "EmbeddedAssets", "name"] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
