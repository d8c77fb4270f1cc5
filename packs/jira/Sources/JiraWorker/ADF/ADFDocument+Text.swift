public import StructuredData

extension ADFDocument {
    /// An ADF document (or any ADF node) rendered as the Markdown subset of ``ADFDocument``: what results show as
    /// `description_text` and `body_text`. Blocks are separated by a blank line; nodes the subset has no syntax for
    /// become their text (mentions `@name`, emoji, status lozenges, card URLs, table cells joined by ` | `).
    /// - Parameter node: The document.
    /// - Returns: The text; `""` for a value that is not ADF.
    public static func text(_ node: JSONValue) -> String {
        TextRenderer().blocks(node["content"]?.arrayValue ?? (node["type"] == nil ? [] : [node]))
    }
}

/// Renders ADF nodes as Markdown-subset text.
struct TextRenderer {
    func blocks(_ nodes: [JSONValue], separator: String = "\n\n") -> String {
        nodes.map(block).filter { !$0.isEmpty }.joined(separator: separator)
    }

    func block(_ node: JSONValue) -> String {
        let content = node["content"]?.arrayValue ?? []
        switch node["type"]?.stringValue {
        case "paragraph": return inline(content)
        case "heading":
            let level = max(1, min(6, node["attrs"]?["level"]?.intValue ?? 1))
            return String(repeating: "#", count: level) + " " + inline(content)
        case "bulletList": return list(content, ordered: false, start: 1)
        case "orderedList": return list(content, ordered: true, start: node["attrs"]?["order"]?.intValue ?? 1)
        case "codeBlock":
            let language = node["attrs"]?["language"]?.stringValue ?? ""
            return "```\(language)\n\(plain(content))\n```"
        case "blockquote":
            return blocks(content).normalizedLines.map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
        case "rule": return "---"
        case "table":
            return content.map { row in
                (row["content"]?.arrayValue ?? []).map { blocks($0["content"]?.arrayValue ?? [], separator: " ") }
                    .joined(separator: " | ")
            }.joined(separator: "\n")
        case "mediaSingle", "mediaGroup", "media": return "[attachment]"
        case "blockCard", "embedCard": return node["attrs"]?["url"]?.stringValue ?? ""
        case "text", "hardBreak", "mention", "emoji", "inlineCard", "status", "date": return inline([node])
        default: return blocks(content)
        }
    }

    func list(_ items: [JSONValue], ordered: Bool, start: Int) -> String {
        items.enumerated().map { offset, item in
            let marker = ordered ? "\(start + offset). " : "- "
            let body = blocks(item["content"]?.arrayValue ?? [], separator: "\n")
            let pad = String(repeating: " ", count: marker.count)
            return body.normalizedLines.enumerated().map { index, line in
                index == 0 ? marker + line : (line.isEmpty ? "" : pad + line)
            }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Text of inline nodes without marks (code blocks).
    func plain(_ nodes: [JSONValue]) -> String {
        nodes.map { $0["text"]?.stringValue ?? ($0["type"] == "hardBreak" ? "\n" : "") }.joined()
    }

    func inline(_ nodes: [JSONValue]) -> String {
        nodes.map { node -> String in
            let attrs = node["attrs"]
            switch node["type"]?.stringValue {
            case "text": return marked(node["text"]?.stringValue ?? "", node["marks"]?.arrayValue ?? [])
            case "hardBreak": return "\n"
            case "mention":
                let name = attrs?["text"]?.stringValue ?? attrs?["id"]?.stringValue ?? ""
                return name.hasPrefix("@") ? name : "@" + name
            case "emoji": return attrs?["text"]?.stringValue ?? attrs?["shortName"]?.stringValue ?? ""
            case "inlineCard": return attrs?["url"]?.stringValue ?? ""
            case "status": return "[" + (attrs?["text"]?.stringValue ?? "") + "]"
            case "date": return attrs?["timestamp"]?.stringValue ?? ""
            default: return inline(node["content"]?.arrayValue ?? [])
            }
        }.joined()
    }

    /// `text` with its marks as Markdown: code innermost, a link outermost.
    func marked(_ text: String, _ marks: [JSONValue]) -> String {
        let types = marks.compactMap { $0["type"]?.stringValue }
        var out = text
        if types.contains("code") { out = "`" + out + "`" }
        if types.contains("strike") { out = "~~" + out + "~~" }
        if types.contains("em") { out = "*" + out + "*" }
        if types.contains("strong") { out = "**" + out + "**" }
        if let link = marks.first(where: { $0["type"] == "link" }), let href = link["attrs"]?["href"]?.stringValue {
            out = "[" + out + "](" + href + ")"
        }
        return out
    }
}
