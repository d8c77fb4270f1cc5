public import StructuredData

/// A pack loaded from a folder or a bundle, with every file its manifest names parsed.
public struct Pack: Sendable {
    /// Where the pack was loaded from, as the user named it (the folder holding `pack.yaml`, or the `.tgz`).
    public var location: String
    /// The manifest.
    public var manifest: PackManifest
    /// The manifest's document, for locations.
    public var manifestDocument: Document
    /// The schemas, in manifest order.
    public var schemas: [Schema]
    /// The workflows, in manifest order.
    public var workflows: [Workflow]
    /// The config overlays, in manifest order.
    public var configOverlays: [ConfigPatch]
    /// The policy fragments, in manifest order.
    public var policyFragments: [PolicyFragmentFile]
    /// Every file of the pack, relative to its root, sorted.
    public var files: [String]
    /// Reads any file of the pack by its path relative to the root (for tools that check files the manifest
    /// does not name, such as the topics table and the files generated from it).
    public var reader: PackFileReader

    /// The pack id.
    public var id: String { manifest.metadata.id }
    /// The pack version.
    public var version: String { manifest.metadata.version }

    /// A schema the pack ships.
    public struct Schema: Sendable {
        /// Its manifest entry.
        public var reference: ResourceReference
        /// The parsed file.
        public var document: Document
    }

    /// A workflow the pack ships.
    public struct Workflow: Sendable {
        /// Its manifest entry.
        public var reference: ResourceReference
        /// The parsed file.
        public var document: Document
        /// The workflow, with the manifest id applied.
        public var workflow: WorkflowDocument
    }

    /// A config overlay and its patch.
    public struct ConfigPatch: Sendable {
        /// Its manifest entry.
        public var overlay: ConfigOverlay
        /// The parsed patch file.
        public var patch: Document
    }

    /// A policy fragment file.
    public struct PolicyFragmentFile: Sendable {
        /// Its manifest entry.
        public var overlay: PolicyOverlay
        /// The bundle key Cordum stores it under: `<pack id>/<name>`, with `default` for an empty name.
        public var key: String
        /// The file, as shown in messages.
        public var file: String
        /// The raw bytes (Cordum stores fragments verbatim).
        public var content: [UInt8]
    }
}

/// Reads a pack's files by path relative to its root, from the folder or the bundle the pack was loaded from.
public struct PackFileReader: Sendable {
    let files: PackFiles

    /// The bytes of `path`, or nil when the pack has no such file (or it is unsafe or too large).
    public func read(_ path: String) -> [UInt8]? {
        try? files.read(path)
    }

    /// How `path` is shown in messages (`root/path` for folders, `bundle:path` for bundles).
    public func displayPath(_ path: String) -> String {
        files.displayPath(FileNames.clean(path))
    }
}
