import Foundation

/// The checks run on an XML document's bytes before any parser sees them: UTF-8 only, and no document type
/// declaration, so no entity can be declared. A DTD may only stand in the prolog (before the root element), so
/// reading the prolog is enough; anything after the root's start that looks like one is a well-formedness error
/// the parser reports.
enum XMLPrologCheck {
    static func check(_ bytes: [UInt8]) throws(XMLValueError) {
        let first4 = Array(bytes.prefix(4))
        if first4.starts(with: [0xFE, 0xFF]) || first4.starts(with: [0xFF, 0xFE]) || first4.first == 0
            || (first4.count > 1 && first4[1] == 0)
        {
            throw XMLValueError("is not UTF-8 (a UTF-16 or UTF-32 document is refused)")
        }
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "<") else { return }
            if matches(bytes, at: index, "<?") {
                guard let end = find(bytes, "?>", from: index + 2) else { return }
                if matches(bytes, at: index, "<?xml") { try checkDeclaration(Array(bytes[index..<end])) }
                index = end + 2
            } else if matches(bytes, at: index, "<!--") {
                guard let end = find(bytes, "-->", from: index + 4) else { return }
                index = end + 3
            } else if matches(bytes, at: index, "<!") {
                throw XMLValueError(
                    "has a document type declaration (DTD), which is refused: entities could expand or fetch files"
                )
            } else {
                return
            }
        }
    }

    /// Refuses an `encoding` other than UTF-8 or US-ASCII in the XML declaration.
    private static func checkDeclaration(_ declaration: [UInt8]) throws(XMLValueError) {
        let text = String(decoding: declaration, as: UTF8.self).lowercased()
        guard let range = text.range(of: "encoding") else { return }
        let rest = text[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        let name = rest.prefix { $0 != "\"" && $0 != "'" && $0 != " " && $0 != "?" }
        guard ["utf-8", "utf8", "us-ascii", "ascii"].contains(String(name)) else {
            throw XMLValueError("declares the encoding \"\(name)\"; only UTF-8 is accepted")
        }
    }

    private static func matches(_ bytes: [UInt8], at index: Int, _ text: String) -> Bool {
        let needle = Array(text.utf8)
        return index + needle.count <= bytes.count && bytes[index..<index + needle.count].elementsEqual(needle)
    }

    private static func find(_ bytes: [UInt8], _ text: String, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if matches(bytes, at: index, text) { return index }
            index += 1
        }
        return nil
    }
}
