import Foundation
import StructuredData

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One element while it is read: name (prefix dropped), attributes, text and children.
final class XMLElementNode {
    let name: String
    let attributes: [(String, String)]
    var text = ""
    var children: [XMLElementNode] = []

    init(name: String, attributes: [(String, String)]) {
        self.name = name
        self.attributes = attributes
    }

    /// The element's value by the mapping of ``XMLValueDecoder``.
    func value(listItemNames: Set<String>) -> JSONValue {
        if children.isEmpty, attributes.isEmpty { return text.isEmpty ? .null : .string(text) }
        let blank = text.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        if attributes.isEmpty, blank, children.allSatisfy({ listItemNames.contains($0.name) }) {
            return .array(children.map { $0.value(listItemNames: listItemNames) })
        }
        var object: [String: JSONValue] = [:]
        for (name, value) in attributes { object["@" + name] = .string(value) }
        var order: [String] = []
        var grouped: [String: [JSONValue]] = [:]
        for child in children {
            if grouped[child.name] == nil { order.append(child.name) }
            grouped[child.name, default: []].append(child.value(listItemNames: listItemNames))
        }
        for name in order {
            let values = grouped[name] ?? []
            object[name] = values.count == 1 ? values[0] : .array(values)
        }
        if !blank {
            object["#text"] = .string(
                children.isEmpty ? text : text.trimmingCharacters(in: .whitespacesAndNewlines)
            )
        }
        return .object(object)
    }

    /// `name` without its namespace prefix.
    static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }
}

/// The `XMLParser` delegate that builds the element tree, refusing anything a DTD could bring and nesting deeper
/// than the limit.
final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    let listItemNames: Set<String>
    let maxDepth: Int
    private(set) var root: XMLElementNode?
    private(set) var refusal: XMLValueError?
    /// The first error the parser reported (libxml2 may still let `parse()` return true).
    private(set) var firstError: (any Error)?
    /// Whether the root element was closed.
    private(set) var rootClosed = false
    private var stack: [XMLElementNode] = []

    init(listItemNames: Set<String>, maxDepth: Int) {
        self.listItemNames = listItemNames
        self.maxDepth = maxDepth
    }

    private func refuse(_ parser: XMLParser, _ reason: String) {
        if refusal == nil { refusal = XMLValueError(reason) }
        parser.abortParsing()
    }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        guard refusal == nil else { return }
        guard stack.count < maxDepth else {
            return refuse(parser, "nests elements deeper than the limit of \(maxDepth)")
        }
        let attributes =
            attributeDict
            .filter { $0.key != "xmlns" && !$0.key.hasPrefix("xmlns:") }
            .map { (XMLElementNode.localName($0.key), $0.value) }
            .sorted { $0.0 < $1.0 }
        let node = XMLElementNode(name: XMLElementNode.localName(elementName), attributes: attributes)
        if let parent = stack.last { parent.children.append(node) } else { root = node }
        stack.append(node)
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        _ = stack.popLast()
        if stack.isEmpty { rootClosed = true }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if firstError == nil { firstError = parseError }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        refuse(parser, "declares the entity \"\(name)\", which is refused")
    }

    func parser(
        _ parser: XMLParser,
        foundExternalEntityDeclarationWithName name: String,
        publicID: String?,
        systemID: String?
    ) {
        refuse(parser, "declares the external entity \"\(name)\", which is refused")
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        refuse(parser, "refers to the external entity \"\(name)\", which is refused")
        return nil
    }
}
