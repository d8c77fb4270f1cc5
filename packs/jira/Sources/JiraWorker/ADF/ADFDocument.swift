import Foundation
public import StructuredData

/// Atlassian Document Format (ADF), the JSON document Jira Cloud's REST API v3 takes and answers for descriptions
/// and comments: `{"type": "doc", "version": 1, "content": [blocks]}`, blocks holding inline `text` nodes with
/// `marks`.
///
/// The pack writes ADF from plain text or a Markdown subset (``ADFDocument/markdown(_:)``,
/// ``ADFDocument/plainText(_:)``) and renders ADF back to that subset for results (``ADFDocument/text(_:)``).
/// Hand-written because it is Atlassian's format alone: no package on the machine's list reads or writes it, and
/// the Markdown parsers there (swift-markdown) would give a syntax tree the pack would still have to map node by
/// node, for a subset this small.
///
/// The Markdown subset, both ways:
///
/// | Markdown | ADF |
/// | --- | --- |
/// | a blank line between blocks | `paragraph`; lines inside one are joined by `hardBreak` |
/// | `#` … `######` | `heading` with `attrs.level` |
/// | `-`, `*` or `+` items; `1.` items (indent by two spaces to nest) | `bulletList` / `orderedList` of `listItem` |
/// | a fenced block (three backticks, optional language) | `codeBlock` with `attrs.language` |
/// | `> ` lines | `blockquote` |
/// | `---` | `rule` |
/// | `**bold**`, `*italic*` / `_italic_`, `~~strike~~`, `` `code` `` | marks `strong`, `em`, `strike`, `code` |
/// | `[text](https://…)` (http, https, mailto) | mark `link` with `attrs.href` |
///
/// Rendering back also covers the nodes Jira itself writes: mentions (`@name`), emoji, status lozenges, dates,
/// inline and block cards (their URL), panels, tables (cells joined by ` | `) and media (`[attachment]`).
public enum ADFDocument {
    /// A document of `blocks`.
    static func document(_ blocks: [JSONValue]) -> JSONValue {
        ["type": "doc", "version": 1, "content": .array(blocks)]
    }

    /// Plain text as ADF: a paragraph per run of lines between blank lines, its lines joined by hard breaks; no
    /// marks, so `*` and `#` stay as typed.
    /// - Parameter text: The text.
    /// - Returns: The document (an empty document for empty text).
    public static func plainText(_ text: String) -> JSONValue {
        var blocks: [JSONValue] = []
        var lines: [String] = []
        func flush() {
            if !lines.isEmpty { blocks.append(paragraph(lines.map { [textNode($0, marks: [])] })) }
            lines = []
        }
        for line in text.normalizedLines {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { flush() } else { lines.append(line) }
        }
        flush()
        return document(blocks)
    }

    /// A paragraph of `lines` (each a list of inline nodes), joined by hard breaks.
    static func paragraph(_ lines: [[JSONValue]]) -> JSONValue {
        var content: [JSONValue] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { content.append(["type": "hardBreak"]) }
            content += line
        }
        return ["type": "paragraph", "content": .array(content)]
    }

    /// A text node; `marks` only when there are some.
    static func textNode(_ text: String, marks: [JSONValue]) -> JSONValue {
        var node: [String: JSONValue] = ["type": "text", "text": .string(text)]
        if !marks.isEmpty { node["marks"] = .array(marks) }
        return .object(node)
    }

    /// Whether `value` is an ADF document (`type: doc`).
    public static func isDocument(_ value: JSONValue?) -> Bool {
        value?["type"]?.stringValue == "doc" && value?["content"]?.arrayValue != nil
    }
}

extension String {
    /// The lines, with `\r\n` and `\r` read as line ends.
    var normalizedLines: [String] {
        replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
