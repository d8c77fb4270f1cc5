public import StructuredData

/// A problem building, signing or verifying bundles and catalogs: a stable code, where it happened (a file, a
/// catalog entry or a pack), one sentence saying what is wrong, and what would be valid.
///
/// Tests and tools match on ``code``; ``message`` is for people and may change. Key material never appears in any
/// field.
public struct BundlerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's stable name, such as `immutable_version`.
        public var rawValue: String
        /// Creates a code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's stable name.
        public var description: String { rawValue }

        // Unusable input (packctl exits 2).
        /// A pack did not load; ``BundlerError/context`` `pack_error` holds its PackFormat code.
        public static let packNotLoaded = Code(rawValue: "pack_not_loaded")
        /// The base URL is empty, relative, not http(s), or carries credentials, a query or a fragment.
        public static let invalidBaseURL = Code(rawValue: "invalid_base_url")
        /// `SOURCE_DATE_EPOCH` is not a non-negative integer number of seconds.
        public static let invalidSourceDateEpoch = Code(rawValue: "invalid_source_date_epoch")
        /// A catalog file cannot be read, is not JSON, or does not have Cordum's catalog shape.
        public static let invalidCatalog = Code(rawValue: "invalid_catalog")
        /// The merged policy of the packs does not parse.
        public static let invalidPolicy = Code(rawValue: "invalid_policy")
        /// A key file cannot be read or is not a key of the expected kind.
        public static let invalidKey = Code(rawValue: "invalid_key")
        /// A file to be written exists already (keygen without `--force`).
        public static let fileExists = Code(rawValue: "file_exists")
        /// A file or folder cannot be written.
        public static let writeFailed = Code(rawValue: "write_failed")
        /// A catalog carries a signature file but no public key was given to check it.
        public static let keyRequired = Code(rawValue: "key_required")

        // A check failed (packctl exits 1).
        /// A lint rule of severity error fired for the pack; `rule_id` in the context.
        public static let lintError = Code(rawValue: "lint_error")
        /// A policy simulation of the pack decided otherwise than it expects; `simulation` in the context.
        public static let simulationFailed = Code(rawValue: "simulation_failed")
        /// A topic's decision does not meet the baseline its risk tags require; `topic` in the context.
        public static let baselineMismatch = Code(rawValue: "baseline_mismatch")
        /// `metadata.version` cannot be a path segment and URL segment (`<id>/<version>/pack.tgz`).
        public static let unsafeVersion = Code(rawValue: "unsafe_version")
        /// A pack file is a link that leaves the pack, or is not a regular file.
        public static let unsafeFile = Code(rawValue: "unsafe_file")
        /// A bundle is over one of Cordum's limits (files, file size, total size, compressed size).
        public static let bundleTooLarge = Code(rawValue: "bundle_too_large")
        /// A bundle does not load through the installer rules, or its manifest is not the catalog entry's pack.
        public static let bundleInvalid = Code(rawValue: "bundle_invalid")
        /// A version being built is already published with another sha256.
        public static let immutableVersion = Code(rawValue: "immutable_version")
        /// A catalog entry lacks a key Cordum needs, or has a URL that does not lead to its bundle.
        public static let invalidEntry = Code(rawValue: "invalid_entry")
        /// A catalog lists the same id and version twice.
        public static let duplicateEntry = Code(rawValue: "duplicate_entry")
        /// A catalog entry's bundle is not in the published folder.
        public static let bundleMissing = Code(rawValue: "bundle_missing")
        /// A bundle's sha256 or size differs from its catalog entry.
        public static let digestMismatch = Code(rawValue: "digest_mismatch")
        /// A bundle's policy fragment can decide jobs outside the pack's topics (`FragmentScope`).
        public static let fragmentNamespace = Code(rawValue: "fragment_namespace")
        /// A catalog entry's descriptive field differs from what its bundle's manifest gives.
        public static let entryMismatch = Code(rawValue: "entry_mismatch")
        /// The catalog is larger than the 8 MiB Cordum's gateway reads.
        public static let catalogTooLarge = Code(rawValue: "catalog_too_large")
        /// A signature is absent, malformed, made with another key, or does not match the catalog bytes.
        public static let badSignature = Code(rawValue: "bad_signature")
    }

    /// What is wrong.
    public var code: Code
    /// Where: a file (with line and column when known), a catalog entry, or a pack location.
    public var location: String
    /// The pack it is about, when one is.
    public var packID: String?
    /// The field, as a dotted path (`packs[2].sha256`); empty when not about one field.
    public var field: String
    /// One sentence saying what is wrong.
    public var message: String
    /// What would be valid or what to do, when that helps.
    public var hint: String?
    /// Facts for tools, such as the lint rule id or the simulation name; never secrets.
    public var context: [String: String]

    /// Creates an error.
    /// - Parameters:
    ///   - code: the stable code.
    ///   - location: the file, entry or pack location it is about.
    ///   - packID: the pack, when the problem belongs to one.
    ///   - field: the dotted field path, if any.
    ///   - message: one sentence.
    ///   - hint: what would be valid.
    ///   - context: facts for tools.
    public init(
        code: Code,
        location: String,
        packID: String? = nil,
        field: String = "",
        message: String,
        hint: String? = nil,
        context: [String: String] = [:]
    ) {
        self.code = code
        self.location = location
        self.packID = packID
        self.field = field
        self.message = message
        self.hint = hint
        self.context = context
    }

    /// `location: field: message (hint)`.
    public var description: String {
        var text = location.isEmpty ? "" : "\(location): "
        if !field.isEmpty { text += "\(field): " }
        text += message
        if let hint { text += " (\(hint))" }
        return text
    }

    /// The error as JSON, for `--format json` output.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "code": .string(code.rawValue),
            "location": .string(location),
            "field": .string(field),
            "message": .string(message),
        ]
        if let packID { object["pack_id"] = .string(packID) }
        if let hint { object["hint"] = .string(hint) }
        if !context.isEmpty { object["context"] = .object(context.mapValues(JSONValue.string)) }
        return .object(object)
    }
}

/// Work that could not go on: every problem found before stopping (unusable input).
public struct BundlerFailure: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order found.
    public var errors: [BundlerError]

    /// Creates the failure.
    /// - Parameter errors: the problems found.
    public init(_ errors: [BundlerError]) { self.errors = errors }

    /// Creates the failure for one problem.
    /// - Parameter error: the problem.
    public init(_ error: BundlerError) { self.errors = [error] }

    /// One problem per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }

    /// One `error: …` line per problem, for standard error.
    public var text: String { errors.map { "error: \($0)" }.joined(separator: "\n") }

    /// `{"errors": […]}`, for `--format json`.
    public var json: JSONValue { .object(["errors": .array(errors.map(\.json))]) }
}
