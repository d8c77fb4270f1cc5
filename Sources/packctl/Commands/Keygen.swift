import ArgumentParser
import Bundler

/// `packctl keygen`: an Ed25519 key pair for signing catalogs.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create an Ed25519 key pair for signing catalogs.",
        discussion: """
            Writes NAME.key (the private key, mode 0600: keep it secret, for example in a CI secret) and NAME.pub \
            (the public key: give it to whoever verifies the catalog). The key id is the first 16 hex digits of \
            the sha256 of the public key. Existing files are never replaced without --force.
            Exit codes: 0 written; 2 a key file exists (without --force) or cannot be written.
            """
    )

    @Option(name: .long, help: "The key files' name: NAME.key and NAME.pub.")
    var name = "catalog"

    @Option(name: .long, help: "The folder to write them to.")
    var out = "."

    @Flag(name: .long, help: "Replace existing key files.")
    var force = false

    func validate() throws {
        guard KeyFiles.isValidName(name) else {
            throw ValidationError("--name takes letters, digits, '.', '_' and '-', not starting with '.'")
        }
    }

    func run() throws {
        let key = SigningKey.generate()
        do {
            let paths = try KeyFiles.write(key, name: name, folder: out, force: force)
            print("wrote \(paths.privateKey) (private key, mode 0600: keep it secret) and \(paths.publicKey)")
            print("key id \(key.keyID)")
        } catch {
            printError("error: \(error)")
            throw ExitStatus.invalidInput
        }
    }
}
