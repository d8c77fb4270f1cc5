import Foundation
import StructuredData

/// A detached catalog signature, `catalog.json.sig`:
/// `{"algorithm": "ed25519", "key_id": "<16 hex>", "signature": "<base64>"}` over the exact bytes of the catalog.
public struct CatalogSignature: Sendable, Hashable {
    /// The algorithm; only `ed25519` is known.
    public var algorithm: String
    /// The key id of the key that signed (see ``PublicKey/keyID``).
    public var keyID: String
    /// The 64-byte signature.
    public var signature: [UInt8]

    /// The only algorithm written and accepted.
    public static let ed25519 = "ed25519"

    /// Creates a signature value.
    public init(algorithm: String = CatalogSignature.ed25519, keyID: String, signature: [UInt8]) {
        self.algorithm = algorithm
        self.keyID = keyID
        self.signature = signature
    }

    /// Where a catalog's signature lives: the catalog's path plus `.sig`.
    /// - Parameter catalog: the catalog file.
    public static func path(forCatalog catalog: String) -> String { catalog + ".sig" }

    /// The signature file: the JSON object with keys in the order above, two-space indentation, a trailing newline.
    public var bytes: [UInt8] {
        let document = PythonJSON.object([
            ("algorithm", .string(algorithm)),
            ("key_id", .string(keyID)),
            ("signature", .string(Data(signature).base64EncodedString())),
        ])
        return Array((document.text + "\n").utf8)
    }

    /// Reads a signature file.
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - file: the file, as named in messages.
    /// - Throws: ``BundlerError`` with code ``BundlerError/Code/badSignature``.
    public init(bytes: [UInt8], file: String) throws(BundlerError) {
        func invalid(_ message: String) -> BundlerError {
            BundlerError(
                code: .badSignature,
                location: file,
                message: message,
                hint: "expected {\"algorithm\": \"ed25519\", \"key_id\": …, \"signature\": …}; sign again"
            )
        }
        guard let value = try? JSONParser.parse(bytes, file: file).value, case .object(let object) = value else {
            throw invalid("the signature file is not a JSON object")
        }
        guard let algorithm = object["algorithm"]?.stringValue, let keyID = object["key_id"]?.stringValue,
            let text = object["signature"]?.stringValue
        else {
            throw invalid("the signature file needs string algorithm, key_id and signature")
        }
        guard let signature = Data(base64Encoded: text) else { throw invalid("signature is not base64") }
        self.init(algorithm: algorithm, keyID: keyID, signature: [UInt8](signature))
    }
}

/// Signs catalogs and checks their signatures.
public enum CatalogSigner {
    /// Signs the exact bytes of a catalog.
    /// - Parameters:
    ///   - catalog: the catalog file's bytes.
    ///   - key: the private key.
    /// - Returns: the detached signature.
    public static func sign(_ catalog: [UInt8], with key: SigningKey) throws(BundlerError) -> CatalogSignature {
        CatalogSignature(keyID: key.keyID, signature: try key.sign(catalog))
    }

    /// Checks a signature of a catalog's exact bytes.
    /// - Parameters:
    ///   - catalog: the catalog file's bytes.
    ///   - signature: the detached signature.
    ///   - key: the public key to trust.
    /// - Returns: nil when the signature is valid, else the problem (code ``BundlerError/Code/badSignature``).
    public static func check(
        _ catalog: [UInt8],
        signature: CatalogSignature,
        key: PublicKey,
        file: String
    ) -> BundlerError? {
        func bad(_ message: String, hint: String) -> BundlerError {
            BundlerError(code: .badSignature, location: file, message: message, hint: hint)
        }
        guard signature.algorithm == CatalogSignature.ed25519 else {
            return bad("unsupported signature algorithm \"\(signature.algorithm)\"", hint: "only ed25519 is used")
        }
        guard signature.keyID == key.keyID else {
            return bad(
                "the catalog was signed with key \(signature.keyID), not with the given key \(key.keyID)",
                hint: "give the public key the publisher signs with"
            )
        }
        guard key.isValidSignature(signature.signature, for: catalog) else {
            return bad(
                "the signature does not match the catalog's bytes (key \(key.keyID))",
                hint: "the catalog changed after signing, or the signature is damaged"
            )
        }
        return nil
    }
}

extension CatalogSigner {
    /// Signs a catalog file with a key file and writes `<catalog>.sig` next to it (replacing an older one).
    /// - Parameters:
    ///   - catalogPath: the catalog; it must read as a catalog.
    ///   - keyPath: the private key file.
    /// - Returns: where the signature went, and the signing key's id.
    /// - Throws: ``BundlerError`` with code ``BundlerError/Code/invalidCatalog``, ``BundlerError/Code/invalidKey``
    ///   or ``BundlerError/Code/writeFailed``.
    public static func sign(
        catalogAt catalogPath: String,
        keyAt keyPath: String
    ) throws(BundlerError) -> (signaturePath: String, keyID: String) {
        guard let data = FileManager.default.contents(atPath: catalogPath) else {
            throw BundlerError(code: .invalidCatalog, location: catalogPath, message: "cannot read the catalog")
        }
        let bytes = [UInt8](data)
        _ = try Catalog(bytes: bytes, file: catalogPath)
        let key = try KeyFiles.signingKey(at: keyPath)
        let signature = try sign(bytes, with: key)
        let signaturePath = CatalogSignature.path(forCatalog: catalogPath)
        try Output.write(signature.bytes, to: signaturePath)
        return (signaturePath, key.keyID)
    }
}
