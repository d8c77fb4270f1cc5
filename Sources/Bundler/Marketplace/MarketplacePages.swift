import PackFormat

/// The HTML of the marketplace pages (``MarketplaceSite``). Every pack-provided text goes through
/// ``HTMLText/escape(_:)``.
enum MarketplacePages {
    private static func e(_ text: String) -> String { HTMLText.escape(text) }

    private static func head(title: String, root: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(title))</title>
        <link rel="stylesheet" href="\(root)marketplace.css">
        <script src="\(root)marketplace.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top"><a class="brand" href="\(root)index.html">Cordum packs</a></header>
        <main id="main" tabindex="-1">

        """
    }

    private static let foot = "</main>\n</body>\n</html>\n"

    private static func tags(_ tags: [String]) -> String {
        tags.map { "<span class=\"tag tag-\(e($0))\">\(e($0))</span>" }.joined(separator: " ")
    }

    /// `index.html`: the cards, a search box and a risk filter.
    static func index(_ cards: [MarketplaceSite.Card], catalog: Catalog) -> String {
        var html = head(title: "Cordum packs", root: "")
        html += "<h1>Packs</h1>\n"
        html += "<p>\(cards.count) packs · catalog updated <time datetime=\"\(e(catalog.updatedAt))\">"
        html += "\(e(catalog.updatedAt))</time> · <a href=\"catalog.json\">catalog.json</a></p>\n"
        html += """
            <form class="filters" role="search" aria-label="Filter packs" id="filters">
            <label for="search">Search</label>
            <input id="search" name="q" type="search" autocomplete="off">
            <label for="risk">Risk</label>
            <select id="risk" name="risk">
            <option value="">any</option>
            <option value="read-only">read-only packs</option>
            <option value="write">packs that write</option>
            <option value="destructive">packs with destructive topics</option>
            <option value="approval">packs with topics that need approval</option>
            </select>
            </form>
            <p id="shown" role="status" aria-live="polite">\(cards.count) of \(cards.count) packs shown</p>
            <ul class="cards" id="cards">

            """
        for card in cards {
            var risk: [String] = []
            if card.writes == 0, card.destructive == 0 { risk.append("read-only") }
            if card.writes > 0 { risk.append("write") }
            if card.destructive > 0 { risk.append("destructive") }
            if !card.needsApproval.isEmpty || !card.approvalSteps.isEmpty { risk.append("approval") }
            let search =
                [card.entry.id, card.entry.title, card.entry.description]
                + card.topics.map(\.topic.name) + card.entry.capabilities
            let title = card.entry.title.isEmpty ? card.entry.id : card.entry.title
            html += "<li class=\"card\" data-pack=\"\(e(card.entry.id))\" data-risk=\"\(risk.joined(separator: " "))\" "
            html += "data-search=\"\(e(search.joined(separator: " ").lowercased()))\">\n"
            html += "<h2><a href=\"packs/\(e(card.entry.id))/index.html\">\(e(title))</a></h2>\n"
            html += "<p class=\"meta\"><code>\(e(card.entry.id))</code> \(e(card.entry.version))</p>\n"
            html += "<p>\(e(card.entry.description))</p>\n"
            html += "<dl class=\"risk\"><div><dt>Read</dt><dd>\(card.reads)</dd></div>"
            html += "<div><dt>Write</dt><dd>\(card.writes)</dd></div>"
            html += "<div><dt>Destructive</dt><dd>\(card.destructive)</dd></div></dl>\n"
            if card.needsApproval.isEmpty {
                html += "<p class=\"approval\">Needs approval: nothing</p>\n"
            } else {
                html += "<p class=\"approval\">Needs approval: "
                html += card.needsApproval.map { "<code>\(e($0))</code>" }.joined(separator: ", ") + "</p>\n"
            }
            if !card.approvalSteps.isEmpty {
                html += "<p class=\"approval\">Workflow approval steps: "
                html += card.approvalSteps.map { "<code>\(e($0))</code>" }.joined(separator: ", ") + "</p>\n"
            }
            html += "</li>\n"
        }
        html += "</ul>\n<p id=\"none\" hidden>No pack matches.</p>\n"
        return html + foot
    }

    /// `packs/<id>/index.html`: install command, topics and decisions, workflows, README.
    static func pack(_ card: MarketplaceSite.Card, catalogURL: String) -> String {
        let entry = card.entry
        let title = entry.title.isEmpty ? entry.id : entry.title
        var html = head(title: "\(title) \(entry.version) · Cordum packs", root: "../../")
        html += "<p><a href=\"../../index.html\">All packs</a></p>\n"
        html += "<h1>\(e(title)) <span class=\"meta\">\(e(entry.version))</span></h1>\n"
        html += "<p>\(e(entry.description))</p>\n<dl class=\"facts\">"
        for (term, value) in [
            ("Id", entry.id), ("Author", entry.author), ("License", entry.license), ("sha256", entry.sha256),
        ] where !value.isEmpty {
            html += "<dt>\(term)</dt><dd>\(e(value))</dd>"
        }
        html += "<dt>Bundle</dt><dd><a href=\"\(e(entry.version))/pack.tgz\">pack.tgz</a></dd></dl>\n"
        html += "<h2>Install</h2>\n<pre><code>packctl install --catalog \(e(catalogURL)) \(e(entry.id))</code></pre>\n"
        html += "<p>Add <code>--key catalog.pub</code> to require the catalog's signature, and <code>--host URL</code> "
        html += "to install into a running host.</p>\n"
        html += "<h2>Topics and decisions</h2>\n"
        html += "<p>The decision is what the pack's own policy gives each topic with its declared risk tags.</p>\n"
        html += "<table><thead><tr><th scope=\"col\">Topic</th><th scope=\"col\">Capability</th>"
        html += "<th scope=\"col\">Risk tags</th><th scope=\"col\">Requires</th><th scope=\"col\">Decision</th>"
        html += "<th scope=\"col\">Rule</th></tr></thead><tbody>\n"
        for (topic, decision, rule) in card.topics {
            html += "<tr><td><code>\(e(topic.name))</code></td><td>\(e(topic.capability ?? ""))</td>"
            html += "<td>\(tags(topic.riskTags))</td><td>\(e(topic.requires.joined(separator: ", ")))</td>"
            html += "<td class=\"decision decision-\(e(decision))\">\(e(decision))</td><td>\(e(rule))</td></tr>\n"
        }
        html += "</tbody></table>\n<h2>Workflows</h2>\n"
        let workflows = card.pack.workflows.map(\.workflow).sorted { $0.id < $1.id }
        if workflows.isEmpty { html += "<p>None.</p>\n" }
        for workflow in workflows {
            html += "<h3><code>\(e(workflow.id))</code>"
            if let name = workflow.name, !name.isEmpty { html += " — \(e(name))" }
            html += "</h3>\n<ol>"
            for step in workflow.steps {
                html += "<li><code>\(e(step.id))</code> (\(e(step.type)))"
                if let topic = step.topic { html += " → <code>\(e(topic))</code>" }
                if !step.dependsOn.isEmpty { html += ", after \(e(step.dependsOn.joined(separator: ", ")))" }
                html += "</li>"
            }
            html += "</ol>\n"
        }
        if let readme = card.readme {
            html +=
                "<h2>README</h2>\n<div class=\"readme\">\n" + MarkdownPage.render(readme, headingOffset: 2)
                + "\n</div>\n"
        }
        return html + foot
    }
}
