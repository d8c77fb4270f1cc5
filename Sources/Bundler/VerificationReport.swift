public import StructuredData

/// What `packctl verify` found: the signature's status and every entry's problems.
public struct VerificationReport: Sendable {
    /// Whether and how the catalog's signature checked out.
    public enum SignatureStatus: Sendable, Hashable {
        /// No key given and no signature present.
        case unsigned
        /// The signature matches the catalog and the given key.
        case valid(keyID: String)
        /// The signature is missing, malformed, from another key, or does not match.
        case failed(BundlerError)
    }

    /// One entry and its bundle.
    public struct EntryResult: Sendable {
        /// The entry.
        public var entry: CatalogEntry
        /// Where its bundle is expected, when the entry names a usable path.
        public var path: String?
        /// What is wrong; empty when the entry checks out.
        public var problems: [BundlerError]
    }

    /// The catalog file.
    public var catalogPath: String
    /// The catalog.
    public var catalog: Catalog
    /// The signature's status.
    public var signature: SignatureStatus = .unsigned
    /// Problems of the catalog as a whole (the signature).
    public var problems: [BundlerError] = []
    /// Every entry, in catalog order.
    public var entries: [EntryResult] = []

    /// Creates an empty report.
    /// - Parameters:
    ///   - catalogPath: the catalog file.
    ///   - catalog: the catalog.
    public init(catalogPath: String, catalog: Catalog) {
        self.catalogPath = catalogPath
        self.catalog = catalog
    }

    /// Every problem: the catalog's, then each entry's.
    public var allProblems: [BundlerError] { problems + entries.flatMap(\.problems) }
    /// Whether everything checked out.
    public var passed: Bool { allProblems.isEmpty }

    /// The report as text: the signature, one line per entry with its problems below, and a summary.
    /// - Parameter color: whether to use ANSI colours (on a terminal).
    public func text(color: Bool = false) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        func append(_ error: BundlerError, to lines: inout [String]) {
            lines.append("  \(error.code): \(error.message)")
            if let hint = error.hint { lines.append("      hint: \(hint)") }
        }
        let count = catalog.packs.count
        var lines = [
            "catalog \(catalogPath): \(count) entr\(count == 1 ? "y" : "ies"), updated_at \(catalog.updatedAt)"
        ]
        switch signature {
        case .unsigned: lines.append("signature: none (no key given, no catalog.json.sig)")
        case .valid(let keyID): lines.append("signature: " + paint("ok", "32") + " (ed25519, key id \(keyID))")
        case .failed(let error):
            lines.append("signature: " + paint("FAIL", "31"))
            append(error, to: &lines)
        }
        for result in entries {
            let where_ = result.path ?? result.entry.url
            if result.problems.isEmpty {
                lines.append(
                    paint("ok", "32") + " \(result.entry.label)  \(where_) (sha256 \(result.entry.sha256))"
                )
            } else {
                lines.append(paint("FAIL", "31") + " \(result.entry.label)  \(where_)")
                for problem in result.problems { append(problem, to: &lines) }
            }
        }
        let failed = entries.filter { !$0.problems.isEmpty }.count
        lines.append("")
        lines.append(
            "\(entries.count) entr\(entries.count == 1 ? "y" : "ies"), \(failed) failed; "
                + (passed ? paint("ok", "32") : paint("failed", "31"))
        )
        return lines.joined(separator: "\n")
    }

    /// The report as JSON (`packctl verify --format json`): `{passed, catalog, signature{status, key_id,
    /// problem}, entries[{id, version, path, sha256, ok, problems[]}]}`.
    public var json: JSONValue {
        var signatureJSON: [String: JSONValue] = [:]
        switch signature {
        case .unsigned: signatureJSON["status"] = .string("unsigned")
        case .valid(let keyID):
            signatureJSON["status"] = .string("valid")
            signatureJSON["key_id"] = .string(keyID)
        case .failed(let error):
            signatureJSON["status"] = .string("failed")
            signatureJSON["problem"] = error.json
        }
        return .object([
            "passed": .bool(passed),
            "catalog": .string(catalogPath),
            "signature": .object(signatureJSON),
            "entries": .array(
                entries.map { result in
                    .object([
                        "id": .string(result.entry.id),
                        "version": .string(result.entry.version),
                        "path": result.path.map(JSONValue.string) ?? .null,
                        "sha256": .string(result.entry.sha256),
                        "ok": .bool(result.problems.isEmpty),
                        "problems": .array(result.problems.map(\.json)),
                    ])
                }
            ),
        ])
    }
}
