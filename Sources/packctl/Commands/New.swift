import ArgumentParser
import PackScaffold

/// `packctl new`: a pack skeleton.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a pack that follows the Standard Pack Pattern and passes lint and test unchanged.",
        discussion: """
            Writes packs/<id>/README.md, packs/<id>/Tests/conformance.yaml (the sample inputs and workflow \
            outcomes the conformance suite runs once the pack has a worker and an emulator) and packs/<id>/pack/: \
            the topics table (topics.yaml) with a read and a write \
            action, their input schemas, the manifest, the policy fragment, a read workflow and a write workflow \
            behind an approval gate (each with input examples), and the files packctl generate writes from the table \
            (output schemas, overlays, the generated regions of pack.yaml and the fragment). Rename the actions in \
            topics.yaml and conformance.yaml, run packctl generate, and fill in the README.
            Exit codes: 0 created; 2 invalid id or a file exists (nothing is written).
            """
    )

    @Argument(help: "The pack id: lowercase letters, digits and hyphens.")
    var id: String

    @Option(name: .long, help: "The folder to create (default: packs/<id>).")
    var dir: String?

    @Flag(name: .long, help: "Overwrite files that exist.")
    var force = false

    func run() throws {
        let scaffold: Scaffold
        do {
            scaffold = try Scaffold(id: id)
        } catch {
            printError("error: \(error)")
            throw ExitStatus.invalidInput
        }
        let directory = dir ?? "packs/\(id)"
        do {
            let written = try scaffold.write(to: directory, force: force)
            written.forEach { print("created \($0)") }
            print("next: packctl lint \(directory) && packctl test \(directory)")
            print("after editing \(directory)/pack/topics.yaml: packctl generate \(directory)")
        } catch {
            printError("error: \(error)")
            throw ExitStatus.invalidInput
        }
    }
}
