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
