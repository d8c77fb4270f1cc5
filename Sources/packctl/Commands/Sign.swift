import ArgumentParser
import Bundler

/// `packctl sign`: a detached Ed25519 signature of catalog.json.
struct Sign: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign a catalog with an Ed25519 private key.",
        discussion: """
            Writes CATALOG.sig, {"algorithm": "ed25519", "key_id": …, "signature": base64}, over the exact bytes \
            of the catalog. Sign after the last build: build removes a signature that no longer matches.
            Exit codes: 0 signed; 2 the catalog or the key cannot be used, or the signature cannot be written.
            """
    )

    @Option(name: .long, help: "The private key file (NAME.key from packctl keygen).")
    var key: String

    @Argument(help: "The catalog to sign.")
    var catalog = "public/catalog.json"

    func run() throws {
        do {
            let signed = try CatalogSigner.sign(catalogAt: catalog, keyAt: key)
            print("signed \(catalog) with key \(signed.keyID) → \(signed.signaturePath)")
            if KeyFiles.isExposed(key) {
                printError("warning: \(key) can be read by other users; chmod 600 \(key)")
            }
        } catch {
            printError("error: \(error)")
            throw ExitStatus.invalidInput
        }
    }
}
