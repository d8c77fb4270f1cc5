import Foundation
import PackagePlugin

/// Generates `PackRegistry+Generated.swift` for the target it is applied to (packctl): one entry per pack whose
/// worker or emulator library the target depends on. Package.swift adds those dependencies from its pack table,
/// so the registry follows the table and cannot drift from it.
@main
struct PackRegistryPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        var arguments: [String] = []
        for case .target(let dependency) in target.dependencies {
            let components = dependency.directoryURL.standardizedFileURL.pathComponents
            guard let packs = components.lastIndex(of: "packs"), components.count == packs + 4,
                components[packs + 2] == "Sources"
            else { continue }
            let packID = components[packs + 1]
            let module = dependency.name
            if module.hasSuffix("Worker") {
                arguments.append("worker=\(packID)=\(module)")
            } else if module.hasSuffix("Emulator") {
                arguments.append("emulator=\(packID)=\(module)")
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "PackRegistry+Generated.swift")
        return [
            .buildCommand(
                displayName: "Generating the pack registry of \(target.name)",
                executable: try context.tool(named: "pack-registry-generator").url,
                arguments: [output.path] + arguments,
                outputFiles: [output]
            )
        ]
    }
}
