import Foundation

/// A small, safe Markdown renderer for pack READMEs on the marketplace pages.
///
/// Written by hand: none of the packages on our machines renders Markdown, and a README is untrusted input, so
/// the renderer supports only what READMEs here use — headings, paragraphs, fenced code, lists, tables, inline
/// code, bold and links — and escapes every character of the source first. Raw HTML in the README is shown as
/// text; links are kept only when they are absolute `http(s)` URLs (others become their text), so a README can
/// never inject markup, script or a `javascript:` link.
enum MarkdownPage {
    /// The HTML of `markdown`; headings are demoted by `headingOffset` levels (the page has its own `h1`).
    static func render(_ markdown: String, headingOffset: Int = 1) -> String {
        var html: [String] = []
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var table: [[String]] = []
        var code: [String]?

        func flushParagraph() {
            if !paragraph.isEmpty { html.append("<p>" + inline(paragraph.joined(separator: " ")) + "</p>") }
            paragraph = []
        }
        func flushList() {
            if let open = list {
                let tag = open.ordered ? "ol" : "ul"
                html.append("<\(tag)>" + open.items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>")
            }
            list = nil
        }
        func flushTable() {
            guard let header = table.first else { return }
            let rows = table.dropFirst().filter { row in !row.allSatisfy { $0.allSatisfy { "-: ".contains($0) } } }
            var out = "<table><thead><tr>" + header.map { "<th scope=\"col\">" + inline($0) + "</th>" }.joined()
            out += "</tr></thead><tbody>"
            for row in rows { out += "<tr>" + row.map { "<td>" + inline($0) + "</td>" }.joined() + "</tr>" }
            html.append(out + "</tbody></table>")
            table = []
        }
        func flushAll() {
            flushParagraph()
            flushList()
            flushTable()
        }

        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var lines = code {
                if trimmed.hasPrefix("```") {
                    html.append("<pre><code>" + HTMLText.escape(lines.joined(separator: "\n")) + "</code></pre>")
                    code = nil
                } else {
                    lines.append(line)
                    code = lines
                }
                continue
            }
            if trimmed.hasPrefix("```") {
                flushAll()
                code = []
            } else if trimmed.isEmpty {
                flushAll()
            } else if let level = headingLevel(trimmed) {
                flushAll()
                let text = trimmed.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                let tag = "h\(min(6, level + headingOffset))"
                html.append("<\(tag)>" + inline(text) + "</\(tag)>")
            } else if trimmed.hasPrefix("|") {
                flushParagraph()
                flushList()
                var cells = trimmed.split(separator: "|", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                if cells.first == "" { cells.removeFirst() }
                if cells.last == "" { cells.removeLast() }
                table.append(cells)
            } else if let item = listItem(trimmed) {
                flushParagraph()
                flushTable()
                if list?.ordered != item.ordered { flushList() }
                list = (item.ordered, (list?.items ?? []) + [item.text])
            } else if var open = list, line.hasPrefix("  "), !open.items.isEmpty {
                open.items[open.items.count - 1] += " " + trimmed
                list = open
            } else {
                flushList()
                flushTable()
                paragraph.append(trimmed)
            }
        }
        if let lines = code {
            html.append("<pre><code>" + HTMLText.escape(lines.joined(separator: "\n")) + "</code></pre>")
        }
        flushAll()
        return html.joined(separator: "\n")
    }

    private static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    private static func listItem(_ line: String) -> (ordered: Bool, text: String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return (false, String(line.dropFirst(2))) }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") {
            return (true, String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    /// Inline Markdown over escaped text: `code`, **bold**, [text](http(s) URL).
    static func inline(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let first = rest.first {
            if first == "`", let end = rest.dropFirst().firstIndex(of: "`") {
                out += "<code>" + HTMLText.escape(String(rest[rest.index(after: rest.startIndex)..<end])) + "</code>"
                rest = rest[rest.index(after: end)...]
            } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**") {
                out += "<strong>" + inline(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound]))
                out += "</strong>"
                rest = rest[end.upperBound...]
            } else if first == "[", let close = rest.firstIndex(of: "]"),
                rest[rest.index(after: close)...].hasPrefix("("),
                let end = rest[close...].firstIndex(of: ")")
            {
                let label = String(rest[rest.index(after: rest.startIndex)..<close])
                let target = String(rest[rest.index(close, offsetBy: 2)..<end])
                if (target.hasPrefix("https://") || target.hasPrefix("http://")), !target.contains(" ") {
                    out += "<a href=\"" + HTMLText.escape(target) + "\">" + inline(label) + "</a>"
                } else {
                    out += inline(label)
                }
                rest = rest[rest.index(after: end)...]
            } else {
                out += HTMLText.escape(String(first))
                rest = rest.dropFirst()
            }
        }
        return out
    }
}
