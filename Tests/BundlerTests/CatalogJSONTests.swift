import Bundler
import Foundation
import PackFormat
import Testing

@Suite struct CatalogJSONTests {
    /// A pack with no title and no author (both defaulted), an empty `sourceRepo` (so `source` is used), a topic
    /// without a capability, duplicate requires, and non-ASCII text.
    static let manifest = #"""
        apiVersion: cordum.io/v1alpha1
        kind: Pack
        metadata:
          id: cafe
          version: "1.2.0"
          description: "Café crème — “quoted” \\ back\tslash ✓ 𝄞 \x7f"
          sourceRepo: ""
          source: https://example.com/cafe
        compatibility:
          protocolVersion: 1
        topics:
          - name: job.cafe.order
            capability: cafe.order
            riskTags: [write, network]
            requires: [network:egress]
          - name: job.cafe.menu
            capability: cafe.menu
            riskTags: [read]
            requires: [network:egress]
          - name: job.cafe.menu.all
            capability: ""
            riskTags: [read]
        """#

    /// What Python's `json.dumps(catalog, indent=2) + "\n"` writes for that pack (checked against CPython).
    static let golden = #"""
        {
          "updated_at": "2023-11-14T22:13:20Z",
          "packs": [
            {
              "id": "cafe",
              "version": "1.2.0",
              "title": "cafe",
              "description": "Caf\u00e9 cr\u00e8me \u2014 \u201cquoted\u201d \\ back\tslash \u2713 \ud834\udd1e \u007f",
              "author": "Cordum",
              "homepage": "",
              "source": "https://example.com/cafe",
              "image": "",
              "license": "",
              "url": "https://packs.example.com/packs/cafe/1.2.0/pack.tgz",
              "sha256": "0000000000000000000000000000000000000000000000000000000000000000",
              "capabilities": [
                "cafe.menu",
                "cafe.order"
              ],
              "requires": [
                "network:egress"
              ],
              "risk_tags": [
                "network",
                "read",
                "write"
              ]
            }
          ]
        }

        """#

    static func cafe() throws -> Pack {
        let fixture = try BundlerFixture()
        try fixture.write("cafe/pack.yaml", manifest)
        return try PackLoader.load(fixture.path("cafe"))
    }

    static func catalog(size: Int? = nil) throws -> Catalog {
        let pack = try cafe()
        let base = try BaseURL("https://packs.example.com")
        let entry = CatalogEntry(
            pack: pack,
            url: base.bundleURL(id: pack.id, version: pack.version),
            sha256: String(repeating: "0", count: 64),
            size: size
        )
        return Catalog(updatedAt: CatalogTimestamp.string(epochSeconds: 1_700_000_000), packs: [entry])
    }

    @Test func catalogBytesAreExactlyCordumsFormat() throws {
        #expect(String(decoding: try Self.catalog().bytes, as: UTF8.self) == Self.golden)
    }

    @Test func sizeComesLastWhenRecorded() throws {
        let text = String(decoding: try Self.catalog(size: 2242).bytes, as: UTF8.self)
        #expect(text.contains("\n        \"write\"\n      ],\n      \"size\": 2242\n    }\n"))
    }

    @Test func anEmptyCatalogHasAnEmptyList() {
        let text = String(decoding: Catalog(updatedAt: "x", packs: []).bytes, as: UTF8.self)
        #expect(text == "{\n  \"updated_at\": \"x\",\n  \"packs\": []\n}\n")
    }

    @Test func authorIsTheFirstAuthorsName() throws {
        let fixture = try BundlerFixture()
        try fixture.write(
            "p/pack.yaml",
            Self.manifest.replacingOccurrences(
                of: "  sourceRepo: \"\"\n",
                with: "  title: Café\n  authors:\n    - name: Ada\n    - name: Bob\n  author: Zed\n"
            )
        )
        let entry = CatalogEntry(pack: try PackLoader.load(fixture.path("p")), url: "u", sha256: "s", size: nil)
        #expect(entry.author == "Ada")
        #expect(entry.title == "Café")
    }

    @Test func decodingReadsWhatEncodingWrote() throws {
        let catalog = try Self.catalog(size: 10)
        #expect(try Catalog(bytes: catalog.bytes, file: "catalog.json") == catalog)
    }

    @Test func entriesWithoutTheKeysCordumNeedsAreRefused() throws {
        let missingSHA = #"{"updated_at": "x", "packs": [{"id": "a", "version": "1", "url": "https://x/a"}]}"#
        let error = #expect(throws: BundlerError.self) { try Catalog(bytes: Array(missingSHA.utf8), file: "c.json") }
        #expect(error?.code == .invalidCatalog)
        #expect(error?.field == "packs[0]")
    }

    @Test(arguments: [
        #"[]"#, #"{"packs": {}}"#, #"{"packs": [{"id": 1}]}"#, #"{"packs": [{"id": "a", "capabilities": "x"}]}"#,
        #"{"packs": [{"id": "a", "version": "1", "url": "u", "sha256": "s", "size": -1}]}"#, "not json",
    ])
    func malformedCatalogsAreRefused(_ text: String) throws {
        let error = #expect(throws: BundlerError.self) { try Catalog(bytes: Array(text.utf8), file: "c.json") }
        #expect(error?.code == .invalidCatalog)
    }

    @Test func entriesSortByIdThenNewestVersionFirst() {
        func entry(_ id: String, _ version: String) -> CatalogEntry {
            CatalogEntry(id: id, version: version, title: id, url: "u", sha256: "s")
        }
        var catalog = Catalog(
            updatedAt: "",
            packs: [entry("b", "1.0.0"), entry("a", "0.9.0"), entry("a", "0.10.0"), entry("B", "1"), entry("a", "v1")]
        )
        catalog.sort()
        #expect(catalog.packs.map(\.label) == ["B 1", "a v1", "a 0.10.0", "a 0.9.0", "b 1.0.0"])
    }
}
