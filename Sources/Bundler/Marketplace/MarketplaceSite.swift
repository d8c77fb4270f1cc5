import Foundation
import PackFormat
import PackVerification
import PolicyKernel

/// The marketplace pages `packctl build` writes next to `catalog.json`: `index.html` with one card per pack,
/// `packs/<id>/index.html` per pack, and one style sheet and one script (docs/bundles.md, "The marketplace page").
///
/// Static files only, so any web server or object store serves them, and byte-reproducible: nothing depends on
/// the clock (the date shown is the catalog's `updated_at`), packs are sorted by id, topics by name, workflows
/// by id. The pages are written by hand as strings, without a template engine, because none is on our machines'
/// package list and the pages are small; every text that comes from a pack is escaped (``HTMLText``), and README
/// Markdown goes through the escaping ``MarkdownPage``.
public struct MarketplaceSite: Sendable {
    /// One file of the site.
    public struct File: Sendable, Hashable {
        /// Its path relative to the output folder (`index.html`, `packs/hello/index.html`).
        public var path: String
        /// Its bytes.
        public var bytes: [UInt8]
    }

    /// Every file, sorted by path.
    public var files: [File]

    /// One pack as the pages show it.
    struct Card {
        var entry: CatalogEntry
        var pack: Pack
        var topics: [(topic: PackTopic, decision: String, rule: String)]
        var readme: String?

        var reads: Int { topics.filter { Self.risk($0.topic) == "read" }.count }
        var writes: Int { topics.filter { Self.risk($0.topic) == "write" }.count }
        var destructive: Int { topics.filter { Self.risk($0.topic) == "destructive" }.count }
        var needsApproval: [String] { topics.filter { $0.decision == "REQUIRE_APPROVAL" }.map(\.topic.name) }
        /// The workflows' approval steps, as `workflow/step`, sorted.
        var approvalSteps: [String] {
            pack.workflows.flatMap { file in
                file.workflow.steps.filter { $0.type == "approval" }.map { file.workflow.id + "/" + $0.id }
            }
            .sorted()
        }

        /// The topic's class at a glance: destructive beats write beats read.
        static func risk(_ topic: PackTopic) -> String {
            if topic.riskTags.contains("destructive") { return "destructive" }
            if topic.riskTags.contains("write") { return "write" }
            return "read"
        }
    }

    /// Builds the site for the packs being built.
    /// - Parameters:
    ///   - items: the packs and their catalog entries.
    ///   - report: the policy suite's report over the same packs (each topic's decision), if it ran.
    ///   - catalog: the catalog written beside the pages.
    ///   - catalogURL: where `packctl install --catalog` finds the catalog.
    static func build(
        _ items: [(pack: Pack, entry: CatalogEntry)],
        report: TestReport?,
        catalog: Catalog,
        catalogURL: String
    ) -> MarketplaceSite {
        var cards: [Card] = []
        for (pack, entry) in items.sorted(by: { $0.entry.id < $1.entry.id }) {
            let cells = (report?.coverage ?? []).filter { $0.packID == pack.id }
            let topics = pack.manifest.topics.sorted { $0.name < $1.name }.map { topic in
                let cell = cells.first { $0.topic == topic.name }
                return (topic, cell?.actual.decision.rawValue ?? "—", cell?.actual.ruleID ?? "")
            }
            cards.append(Card(entry: entry, pack: pack, topics: topics, readme: readme(of: pack)))
        }
        var files = [
            File(path: "index.html", bytes: Array(MarketplacePages.index(cards, catalog: catalog).utf8)),
            File(path: "marketplace.css", bytes: Array(MarketplaceAssets.css.utf8)),
            File(path: "marketplace.js", bytes: Array(MarketplaceAssets.script.utf8)),
        ]
        for card in cards {
            files.append(
                File(
                    path: "packs/\(card.entry.id)/index.html",
                    bytes: Array(MarketplacePages.pack(card, catalogURL: catalogURL).utf8)
                )
            )
        }
        return MarketplaceSite(files: files.sorted { $0.path < $1.path })
    }

    /// The pack's README: for a pack folder named `pack` (this repository's `packs/<id>/pack`), the
    /// `README.md` beside it; else the one inside the pack folder. Bundles given as `.tgz` have none.
    static func readme(of pack: Pack) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: pack.location, isDirectory: &isFolder), isFolder.boolValue else {
            return nil
        }
        let root = URL(fileURLWithPath: pack.location).standardizedFileURL
        let folder = root.lastPathComponent == "pack" ? root.deletingLastPathComponent() : root
        let file = folder.appendingPathComponent("README.md").path
        guard let data = FileManager.default.contents(atPath: file), data.count <= 1 << 20 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
