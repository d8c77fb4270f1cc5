import StructuredData

/// The inline part of the Markdown subset: `**strong**` / `__strong__`, `*em*` / `_em_`, `~~strike~~`,
/// `` `code` ``, `[text](url)` and backslash escapes, as ADF text nodes with marks. A delimiter opens only before
/// a non-space and closes only after one; `_` does not open or close inside a word (`snake_case` stays text).
/// Anything unmatched is text.
enum InlineParser {
    /// The link schemes written as links; any other target stays text.
    static let linkSchemes = ["http://", "https://", "mailto:"]

    static func parse(_ text: String) -> [JSONValue] {
        merge(nodes(Array(text), marks: []))
    }

    /// Adjacent text nodes with the same marks, joined.
    static func merge(_ nodes: [JSONValue]) -> [JSONValue] {
        var merged: [JSONValue] = []
        for node in nodes {
            if let last = merged.last, last["marks"] == node["marks"], let a = last["text"]?.stringValue,
                let b = node["text"]?.stringValue
            {
                merged[merged.count - 1] = ADFDocument.textNode(a + b, marks: node["marks"]?.arrayValue ?? [])
            } else {
                merged.append(node)
            }
        }
        return merged
    }

    static func nodes(_ chars: [Character], marks: [JSONValue]) -> [JSONValue] {
        var out: [JSONValue] = []
        var buffer = ""
        func flush() {
            if !buffer.isEmpty { out.append(ADFDocument.textNode(buffer, marks: marks)) }
            buffer = ""
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
                buffer.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "`", let end = chars[(i + 1)...].firstIndex(of: "`"), end > i + 1 {
                flush()
                out.append(ADFDocument.textNode(String(chars[(i + 1)..<end]), marks: marks + [["type": "code"]]))
                i = end + 1
                continue
            }
            if c == "[", let link = link(chars, at: i) {
                flush()
                let mark: JSONValue = ["type": "link", "attrs": ["href": .string(link.href)]]
                out += nodes(Array(chars[(i + 1)..<link.textEnd]), marks: marks + [mark])
                i = link.end
                continue
            }
            if let (delimiter, type) = delimiter(chars, at: i),
                let close = closing(chars, delimiter: delimiter, from: i + delimiter.count)
            {
                flush()
                out += nodes(Array(chars[(i + delimiter.count)..<close]), marks: marks + [["type": .string(type)]])
                i = close + delimiter.count
                continue
            }
            buffer.append(c)
            i += 1
        }
        flush()
        return out
    }

    /// The emphasis delimiter opening at `i`, if one does.
    static func delimiter(_ chars: [Character], at i: Int) -> ([Character], String)? {
        let candidates: [([Character], String)] = [
            (["*", "*"], "strong"), (["_", "_"], "strong"), (["~", "~"], "strike"), (["*"], "em"), (["_"], "em"),
        ]
        for (delimiter, type) in candidates where matches(chars, delimiter, at: i) {
            let after = i + delimiter.count
            guard after < chars.count, !chars[after].isWhitespace, chars[after] != delimiter[0] || type != "em"
            else { continue }
            if delimiter[0] == "_", i > 0, chars[i - 1].isLetter || chars[i - 1].isNumber { continue }
            return (delimiter, type)
        }
        return nil
    }

    /// Where the delimiter closing one opened before `from` starts.
    static func closing(_ chars: [Character], delimiter: [Character], from: Int) -> Int? {
        var j = from + 1
        while j + delimiter.count <= chars.count {
            if chars[j] == "`", let end = chars[(j + 1)...].firstIndex(of: "`") {
                j = end + 1
                continue
            }
            if matches(chars, delimiter, at: j), !chars[j - 1].isWhitespace {
                let after = j + delimiter.count
                let followedBySame = after < chars.count && chars[after] == delimiter[0]
                let inWord =
                    delimiter[0] == "_" && after < chars.count && (chars[after].isLetter || chars[after].isNumber)
                if !followedBySame || delimiter.count == 2, !inWord { return j }
            }
            j += 1
        }
        return nil
    }

    static func matches(_ chars: [Character], _ delimiter: [Character], at i: Int) -> Bool {
        i + delimiter.count <= chars.count && Array(chars[i..<(i + delimiter.count)]) == delimiter
    }

    /// `[text](href)` at `i`: where the text ends, the target and where the link ends. Only the
    /// ``linkSchemes`` are links.
    static func link(_ chars: [Character], at i: Int) -> (textEnd: Int, href: String, end: Int)? {
        var depth = 0
        var j = i
        while j < chars.count {
            if chars[j] == "[" { depth += 1 }
            if chars[j] == "]" {
                depth -= 1
                if depth == 0 { break }
            }
            j += 1
        }
        guard j + 1 < chars.count, chars[j + 1] == "(", j > i + 1,
            let close = chars[(j + 2)...].firstIndex(of: ")")
        else { return nil }
        let href = String(chars[(j + 2)..<close]).trimmingSpaces
        guard !href.isEmpty, !href.contains(" "), linkSchemes.contains(where: { href.lowercased().hasPrefix($0) })
        else { return nil }
        return (j, href, close + 1)
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
