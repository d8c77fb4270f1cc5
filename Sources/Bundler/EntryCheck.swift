import Foundation
import PackFormat
import PackVerification
import PolicyKernel
import TarArchive

/// The checks on one catalog entry and its bundle.
struct EntryCheck {
    let entry: CatalogEntry
    let field: String
    let folder: String
    let limits: BundleLimits

    func run() -> VerificationReport.EntryResult {
        var result = VerificationReport.EntryResult(entry: entry, path: nil, problems: [])
        func problem(
            _ code: BundlerError.Code,
            _ location: String,
            field: String = "",
            _ message: String,
            hint: String? = nil
        ) {
            result.problems.append(
                BundlerError(
                    code: code,
                    location: location,
                    packID: entry.id,
                    field: field.isEmpty ? self.field : "\(self.field).\(field)",
                    message: message,
                    hint: hint
                )
            )
        }
        let suffix = "/" + BundlePath.relative(id: entry.id, version: entry.version)
        guard InstallerRules.isValidPackID(entry.id), BundlePath.isSafeVersion(entry.version) else {
            problem(
                .invalidEntry,
                "",
                "\(entry.label): id or version cannot name a bundle path",
                hint: "ids match ^[a-z0-9-]+$; versions use letters, digits, '.', '_', '+', '-'"
            )
            return result
        }
        if !entry.url.hasSuffix(suffix) || (try? BaseURL(String(entry.url.dropLast(suffix.count)))) == nil {
            problem(
                .invalidEntry,
                "",
                field: "url",
                "\(entry.label): url \"\(entry.url)\" is not <absolute http(s) base>\(suffix)",
                hint: "the gateway downloads this URL; it must be absolute and lead to the bundle"
            )
        }
        let path = folder.joiningPath(String(suffix.dropFirst()))
        result.path = path
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard attributes?[.type] as? FileAttributeType == .typeRegular else {
            problem(.bundleMissing, path, "\(entry.label): the bundle is missing", hint: "expected at \(path)")
            return result
        }
        if let size = attributes?[.size] as? Int, size > limits.maxArchiveBytes {
            problem(
                .bundleTooLarge,
                path,
                "\(entry.label): the bundle is \(size) bytes, over \(limits.maxArchiveBytes)"
            )
            return result
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            problem(.bundleMissing, path, "\(entry.label): cannot read the bundle")
            return result
        }
        let bytes = [UInt8](data)
        let digest = Digest.sha256(bytes)
        if digest != entry.sha256.lowercased() {
            problem(
                .digestMismatch,
                path,
                field: "sha256",
                "\(entry.label): the bundle's sha256 is \(digest), the catalog says \(entry.sha256)",
                hint: "the bundle or the catalog was changed after the build"
            )
        }
        if let size = entry.size, size != bytes.count {
            problem(
                .digestMismatch,
                path,
                field: "size",
                "\(entry.label): the bundle is \(bytes.count) bytes, the catalog says \(size)"
            )
        }
        let pack: Pack
        do {
            pack = try PackLoader.load(bundle: bytes, name: path, limits: limits)
        } catch {
            problem(
                .bundleInvalid,
                path,
                "\(entry.label): the bundle does not load: " + error.errors.map(\.description).joined(separator: "; "),
                hint: "Cordum's installer would refuse it"
            )
            return result
        }
        guard pack.id == entry.id, pack.version == entry.version else {
            problem(.bundleInvalid, path, "\(entry.label): the bundle holds \(pack.id) \(pack.version)")
            return result
        }
        for fragment in pack.policyFragments {
            guard let document = try? PolicyDocument.parse(fragment.content, file: fragment.file) else { continue }
            for violation in FragmentScope.violations(of: document, packID: pack.id) {
                problem(
                    .fragmentNamespace,
                    path,
                    "\(entry.label): policy fragment \(fragment.key): \(violation.message(packID: pack.id))",
                    hint: "the host refuses to install a fragment that can decide other packs' jobs"
                )
            }
        }
        let expected = CatalogEntry(pack: pack, url: entry.url, sha256: entry.sha256, size: entry.size)
        for (key, listed, actual) in Self.describedFields(entry, expected) where listed != actual {
            problem(
                .entryMismatch,
                path,
                field: key,
                "\(entry.label): \(key) is \(listed) in the catalog, but the bundle's manifest gives \(actual)",
                hint: "rebuild the catalog with packctl build"
            )
        }
        return result
    }

    /// The fields an entry derives from the manifest, as (key, listed, from the bundle) text.
    private static func describedFields(_ listed: CatalogEntry, _ actual: CatalogEntry) -> [(String, String, String)] {
        func quoted(_ text: String) -> String { "\"\(text)\"" }
        func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
        return [
            ("title", quoted(listed.title), quoted(actual.title)),
            ("description", quoted(listed.description), quoted(actual.description)),
            ("author", quoted(listed.author), quoted(actual.author)),
            ("homepage", quoted(listed.homepage), quoted(actual.homepage)),
            ("source", quoted(listed.source), quoted(actual.source)),
            ("image", quoted(listed.image), quoted(actual.image)),
            ("license", quoted(listed.license), quoted(actual.license)),
            ("capabilities", list(listed.capabilities), list(actual.capabilities)),
            ("requires", list(listed.requires), list(actual.requires)),
            ("risk_tags", list(listed.riskTags), list(actual.riskTags)),
        ]
    }
}
