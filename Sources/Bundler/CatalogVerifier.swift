import Foundation
public import TarArchive

/// Checks a published folder: the catalog's signature, and for every entry that its bundle is where the URL says,
/// has the recorded sha256 (and size), loads through Cordum's installer rules, and is the pack the entry describes.
public struct CatalogVerifier: Sendable {
    /// The published folder (holding `catalog.json`), or the catalog file itself.
    public var path: String
    /// The public key to check the signature with, if any.
    public var publicKey: PublicKey?
    /// The bundle limits (Cordum's).
    public var limits: BundleLimits

    /// Creates a verifier.
    /// - Parameters:
    ///   - path: the published folder, or its `catalog.json`.
    ///   - publicKey: the key to check `catalog.json.sig` with.
    ///   - limits: the bundle limits.
    public init(path: String, publicKey: PublicKey? = nil, limits: BundleLimits = .cordum) {
        self.path = path
        self.publicKey = publicKey
        self.limits = limits
    }

    /// Runs every check.
    /// - Returns: the report; problems are values in it.
    /// - Throws: ``BundlerError`` when the catalog cannot be read or decoded
    ///   (``BundlerError/Code/invalidCatalog``), or a signature is present but no key was given
    ///   (``BundlerError/Code/keyRequired``).
    public func verify() throws(BundlerError) -> VerificationReport {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let folder = exists && !isDirectory.boolValue ? (path as NSString).deletingLastPathComponent : path
        let catalogPath = exists && !isDirectory.boolValue ? path : path.joiningPath("catalog.json")
        guard let data = FileManager.default.contents(atPath: catalogPath) else {
            throw BundlerError(
                code: .invalidCatalog,
                location: catalogPath,
                message: "cannot read the catalog",
                hint: "give the folder packctl build wrote (holding catalog.json)"
            )
        }
        let bytes = [UInt8](data)
        let catalog = try Catalog(bytes: bytes, file: catalogPath)
        var report = VerificationReport(catalogPath: catalogPath, catalog: catalog)
        report.signature = try checkSignature(bytes, catalogPath: catalogPath)
        if case .failed(let error) = report.signature { report.problems.append(error) }
        var seen: Set<String> = []
        for (index, entry) in catalog.packs.enumerated() {
            var result = EntryCheck(entry: entry, field: "packs[\(index)]", folder: folder, limits: limits).run()
            if !seen.insert(entry.id + "\u{0}" + entry.version).inserted {
                result.problems.insert(
                    BundlerError(
                        code: .duplicateEntry,
                        location: catalogPath,
                        packID: entry.id,
                        field: "packs[\(index)]",
                        message: "\(entry.label) is listed twice"
                    ),
                    at: 0
                )
            }
            report.entries.append(result)
        }
        return report
    }

    private func checkSignature(
        _ bytes: [UInt8],
        catalogPath: String
    ) throws(BundlerError) -> VerificationReport.SignatureStatus {
        let signaturePath = CatalogSignature.path(forCatalog: catalogPath)
        let signatureData = FileManager.default.contents(atPath: signaturePath)
        guard let publicKey else {
            guard signatureData == nil else {
                throw BundlerError(
                    code: .keyRequired,
                    location: signaturePath,
                    message: "the catalog is signed; give the public key to check the signature",
                    hint: "packctl verify --key NAME.pub"
                )
            }
            return .unsigned
        }
        guard let signatureData else {
            return .failed(
                BundlerError(
                    code: .badSignature,
                    location: signaturePath,
                    message: "the catalog is not signed (no catalog.json.sig) but a key was given",
                    hint: "packctl sign --key NAME.key \(catalogPath)"
                )
            )
        }
        do {
            let signature = try CatalogSignature(bytes: [UInt8](signatureData), file: signaturePath)
            if let problem = CatalogSigner.check(bytes, signature: signature, key: publicKey, file: signaturePath) {
                return .failed(problem)
            }
            return .valid(keyID: publicKey.keyID)
        } catch {
            return .failed(error)
        }
    }
}
