import Foundation
public import StructuredData

extension ADFDocument {
    /// The Markdown subset (see ``ADFDocument``) as ADF.
    /// - Parameter markdown: The text.
    /// - Returns: The document (an empty document for empty text).
    public static func markdown(_ markdown: String) -> JSONValue {
        var reader = BlockReader(lines: markdown.normalizedLines)
        return document(reader.blocks(indent: 0))
    }
}

/// Reads Markdown blocks line by line.
struct BlockReader {
    var lines: [String]
    var index = 0

    /// A list item's marker: bullet or ordered, its indent and the text after it.
    struct ListMarker {
        var ordered: Bool
        var indent: Int
        var text: String
    }

    static func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    static func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }

    static func listMarker(_ line: String) -> ListMarker? {
        let indent = indent(line)
        let rest = line.dropFirst(indent)
        if let first = rest.first, "-*+".contains(first), rest.dropFirst().first == " " {
            // `---` and `***` are rules, not items.
            return ListMarker(ordered: false, indent: indent, text: String(rest.dropFirst(2)))
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9 {
            let after = rest.dropFirst(digits.count)
            if let dot = after.first, dot == "." || dot == ")", after.dropFirst().first == " " {
                return ListMarker(ordered: true, indent: indent, text: String(after.dropFirst(2)))
            }
        }
        return nil
    }

    static func heading(_ line: String) -> (level: Int, text: String)? {
        let trimmed = line.drop { $0 == " " }
        let hashes = trimmed.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = trimmed.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("#") { text.removeLast() }
        return (hashes, text.trimmingCharacters(in: .whitespaces))
    }

    static func isRule(_ line: String) -> Bool {
        let compact = line.filter { $0 != " " }
        return compact.count >= 3 && (Set(compact) == ["-"] || Set(compact) == ["*"] || Set(compact) == ["_"])
    }

    static func fence(_ line: String) -> String? {
        let trimmed = line.drop { $0 == " " }
        guard trimmed.hasPrefix("```") else { return nil }
        return trimmed.dropFirst(3).trimmingCharacters(in: .whitespaces)
    }

    /// The blocks from here to the end, or (inside a list item) until a line indented less than `indent`.
    mutating func blocks(indent: Int) -> [JSONValue] {
        var blocks: [JSONValue] = []
        var paragraph: [[JSONValue]] = []
        func flush() {
            if !paragraph.isEmpty { blocks.append(ADFDocument.paragraph(paragraph)) }
            paragraph = []
        }
        while index < lines.count {
            let line = lines[index]
            if Self.isBlank(line) {
                flush()
                index += 1
                continue
            }
            if Self.indent(line) < indent { break }
            let content = String(line.dropFirst(indent))
            if let language = Self.fence(content) {
                flush()
                blocks.append(codeBlock(language: language, indent: indent))
            } else if let heading = Self.heading(content) {
                flush()
                blocks.append([
                    "type": "heading", "attrs": ["level": .integer(heading.level)],
                    "content": .array(InlineParser.parse(heading.text)),
                ])
                index += 1
            } else if Self.isRule(content) {
                flush()
                blocks.append(["type": "rule"])
                index += 1
            } else if let marker = Self.listMarker(content), marker.indent == 0 {
                flush()
                blocks.append(list(ordered: marker.ordered, indent: indent))
            } else if content.hasPrefix(">") {
                flush()
                blocks.append(quote(indent: indent))
            } else {
                paragraph.append(InlineParser.parse(content.trimmingCharacters(in: .whitespaces)))
                index += 1
            }
        }
        flush()
        return blocks
    }

    mutating func codeBlock(language: String, indent: Int) -> JSONValue {
        index += 1
        var code: [String] = []
        while index < lines.count {
            let line = lines[index]
            index += 1
            if Self.fence(line) != nil { break }
            code.append(String(line.dropFirst(min(indent, Self.indent(line)))))
        }
        var node: [String: JSONValue] = ["type": "codeBlock"]
        if !language.isEmpty { node["attrs"] = ["language": .string(language)] }
        let text = code.joined(separator: "\n")
        node["content"] = text.isEmpty ? [] : [ADFDocument.textNode(text, marks: [])]
        return .object(node)
    }

    mutating func quote(indent: Int) -> JSONValue {
        var inner: [String] = []
        while index < lines.count {
            let content = lines[index].dropFirst(indent)
            guard Self.indent(lines[index]) >= indent, content.hasPrefix(">") else { break }
            var text = content.dropFirst()
            if text.first == " " { text = text.dropFirst() }
            inner.append(String(text))
            index += 1
        }
        var reader = BlockReader(lines: inner)
        return ["type": "blockquote", "content": .array(reader.blocks(indent: 0))]
    }

    /// A list starting at the current line: items of the same kind at `indent`; lines indented past the marker
    /// belong to the item (nested lists, continued paragraphs).
    mutating func list(ordered: Bool, indent: Int) -> JSONValue {
        var items: [JSONValue] = []
        var start: Int?
        while index < lines.count {
            let line = lines[index]
            guard Self.indent(line) == indent, let marker = Self.listMarker(String(line.dropFirst(indent))),
                marker.ordered == ordered
            else { break }
            if ordered, start == nil { start = Int(line.dropFirst(indent).prefix { $0.isNumber }) }
            let childIndent = line.count - marker.text.count
            var rest: [String] = []
            index += 1
            while index < lines.count {
                let next = lines[index]
                if Self.isBlank(next) {
                    // A blank line ends the item unless more indented content follows.
                    guard index + 1 < lines.count, Self.indent(lines[index + 1]) > indent,
                        !Self.isBlank(lines[index + 1])
                    else { break }
                    rest.append("")
                } else if Self.indent(next) > indent {
                    rest.append(next)
                } else if Self.listMarker(next) == nil, Self.heading(next) == nil, Self.fence(next) == nil,
                    !Self.isRule(next), !next.dropFirst(indent).hasPrefix(">")
                {
                    // A lazy continuation line of the item's paragraph.
                    rest.append(String(repeating: " ", count: childIndent) + next.drop { $0 == " " })
                } else {
                    break
                }
                index += 1
            }
            let deepest = rest.filter { !Self.isBlank($0) }.map(Self.indent).min() ?? childIndent
            let itemIndent = min(childIndent, deepest)
            var reader = BlockReader(lines: [String(repeating: " ", count: itemIndent) + marker.text] + rest)
            items.append(["type": "listItem", "content": .array(reader.blocks(indent: itemIndent))])
            // A blank line between items of one list keeps the list going.
            if index < lines.count, Self.isBlank(lines[index]), index + 1 < lines.count,
                Self.indent(lines[index + 1]) == indent,
                let next = Self.listMarker(String(lines[index + 1].dropFirst(indent))), next.ordered == ordered
            {
                index += 1
            }
        }
        var node: [String: JSONValue] = [
            "type": .string(ordered ? "orderedList" : "bulletList"), "content": .array(items),
        ]
        if ordered, let start, start != 1 { node["attrs"] = ["order": .integer(start)] }
        return .object(node)
    }
}
