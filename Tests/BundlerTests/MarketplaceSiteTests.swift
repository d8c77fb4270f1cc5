import Foundation
import Testing

@testable import Bundler

/// The marketplace pages `packctl build` writes beside the catalog (docs/bundles.md, "The marketplace page").
@Suite struct MarketplaceSiteTests {
    @Test func buildWritesAnIndexAPagePerPackAndOneStyleSheetAndScriptByteForByteTheSameTwice() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        let plan = try fixture.build(output: "one")
        try fixture.build(output: "two")
        #expect(
            plan.site.files.map(\.path) == [
                "index.html", "marketplace.css", "marketplace.js", "packs/hello/index.html",
            ]
        )
        for file in ["index.html", "marketplace.css", "marketplace.js", "packs/hello/index.html"] {
            let one = try #require(fixture.bytes("one/" + file), "\(file) was not written")
            #expect(one == fixture.bytes("two/" + file), "\(file) differs")
        }
        let index = String(decoding: try #require(fixture.bytes("one/index.html")), as: UTF8.self)
        #expect(index.contains("data-pack=\"hello\""))
        #expect(index.contains("<dt>Read</dt><dd>1</dd>") && index.contains("<dt>Write</dt><dd>1</dd>"))
        #expect(index.contains("hello.greet-and-sign/approve"), "the workflow's approval step is named")
        #expect(index.contains("updated <time datetime=\"2023-11-14T22:13:20Z\">"))
        #expect(!index.contains("http://") && !index.contains("https://"), "no third-party asset")
        let page = String(decoding: try #require(fixture.bytes("one/packs/hello/index.html")), as: UTF8.self)
        #expect(page.contains("packctl install --catalog https://packs.example.com/catalog.json hello"))
        #expect(page.contains("<code>job.hello.guestbook.sign</code>"))
        #expect(page.contains("<a href=\"0.1.0/pack.tgz\">"))
        #expect(page.contains("../../marketplace.css"))
    }

    @Test func packTextIsEscapedAndTheReadmeCannotInjectMarkupOrScriptLinks() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.edit(
            "packs/hello/pack/pack.yaml",
            replacing: "title: Hello\n",
            with: "title: \"Hello <script>alert(1)</script>\"\n"
        )
        try fixture.write(
            "packs/hello/README.md",
            """
            # Hello <img src=x onerror=alert(1)>

            Read [the docs](https://example.com/docs) and [this](javascript:alert(1)) and `<b>code</b>`, **bold**.

            | topic | risk |
            |---|---|
            | `job.hello.greet` | read |

            ```sh
            echo "<script>"
            ```

            - one
            - two
            """
        )
        let plan = try fixture.build()
        let page = String(
            decoding: try #require(plan.site.files.first { $0.path == "packs/hello/index.html" }).bytes,
            as: UTF8.self
        )
        #expect(!page.contains("<script>alert"))
        #expect(page.contains("Hello &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!page.contains("<img"))
        #expect(page.contains("<h3>Hello &lt;img src=x onerror=alert(1)&gt;</h3>"))
        #expect(page.contains("<a href=\"https://example.com/docs\">the docs</a>"))
        #expect(!page.contains("javascript:"))
        #expect(page.contains("<code>&lt;b&gt;code&lt;/b&gt;</code>") && page.contains("<strong>bold</strong>"))
        #expect(page.contains("<td><code>job.hello.greet</code></td><td>read</td>"))
        #expect(page.contains("<pre><code>echo &quot;&lt;script&gt;&quot;</code></pre>"))
        #expect(page.contains("<ul><li>one</li><li>two</li></ul>"))
    }

    @Test func aBlockedBuildWritesNoPages() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.edit(
            "packs/hello/pack/pack.yaml",
            replacing: "expectDecision: ALLOW\n",
            with: "expectDecision: DENY\n"
        )
        let plan = try CatalogBuilder(configuration: try fixture.configuration()).plan()
        #expect(plan.isBlocked)
        _ = #expect(throws: BundlerError.self) { try plan.write() }
        #expect(!FileManager.default.fileExists(atPath: fixture.path("public/index.html")))
    }
}
