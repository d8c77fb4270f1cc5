import Foundation
public import StructuredData

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Decodes an XML answer (AWS query APIs such as STS and EC2, older SOAP-era vendors) into the value type JSON
/// answers decode into, so actions read both alike. The mapping:
///
/// - the document is an object with one key, the root element's name: `{"GetCallerIdentityResponse": {…}}`;
/// - an element with text only is a string, the text exactly (values stay strings: `"123456789012"`, `"true"`);
///   an element with nothing in it is `null`;
/// - an element with child elements is an object keyed by their names; a name that repeats becomes an array of
///   the values in document order;
/// - an element whose child elements are all named `member` or `item` (``listItemNames``, the AWS query and EC2
///   list wrappers) is an array of their values, even when there is one;
/// - attributes are keys with `@` (`"@id"`); text beside attributes or child elements is `"#text"` (blank text
///   between child elements is dropped);
/// - namespace prefixes are dropped from names and `xmlns` attributes are left out.
///
/// Safe on hostile answers: a document type declaration (DTD) is refused before parsing, so no entity can be
/// declared, expanded (billion laughs) or fetched (XXE); only the five predefined entities and character
/// references are read. Documents must be UTF-8 (an `encoding` declaration naming another, or a UTF-16 or UTF-32
/// signature, is refused: such bytes could hide a DTD from the check). Input is bounded by ``maxBytes`` and
/// nesting by ``maxDepth``.
///
/// Built on Foundation's `XMLParser` (libxml2 on Linux) rather than XMLCoder 0.18.2 or SWXMLHash 8.1.1: both are
/// wrappers over the same parser, XMLCoder decodes into `Codable` types rather than a generic tree, and neither
/// refuses DTDs; the tree and the guards are all this needs, in one small file.
public struct XMLValueDecoder: Sendable {
    /// Child element names that make their parent an array.
    public var listItemNames: Set<String>
    /// The largest document accepted, in bytes; default 16 MiB.
    public var maxBytes: Int
    /// The deepest element nesting accepted; default 256.
    public var maxDepth: Int

    /// A decoder.
    /// - Parameters:
    ///   - listItemNames: Default `member` and `item`.
    ///   - maxBytes: Default 16 MiB.
    ///   - maxDepth: Default 256.
    public init(listItemNames: Set<String> = ["member", "item"], maxBytes: Int = 16 << 20, maxDepth: Int = 256) {
        self.listItemNames = listItemNames
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    /// Whether a `Content-Type` value names XML: `application/xml`, `text/xml` or a `+xml` type.
    /// - Parameter contentType: The header value.
    public static func isXML(contentType: String?) -> Bool {
        guard let contentType else { return false }
        let essence = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        let type = essence.trimmingCharacters(in: .whitespaces).lowercased()
        return type == "application/xml" || type == "text/xml" || type.hasSuffix("+xml")
    }

    /// The value of `bytes`.
    /// - Parameter bytes: The document.
    /// - Throws: ``XMLValueError`` naming the problem (too large, DTD refused, not UTF-8, not well-formed with the
    ///   line and column, too deep).
    public func decode(_ bytes: [UInt8]) throws(XMLValueError) -> JSONValue {
        guard bytes.count <= maxBytes else {
            throw XMLValueError("is larger than the limit of \(maxBytes) bytes")
        }
        try XMLPrologCheck.check(bytes)
        let builder = XMLTreeBuilder(listItemNames: listItemNames, maxDepth: maxDepth)
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.delegate = builder
        let parsed = parser.parse()
        if let refusal = builder.refusal { throw refusal }
        let error = builder.firstError ?? parser.parserError
        guard parsed, error == nil, let root = builder.root, builder.rootClosed else {
            let reason: String
            if let error = error as NSError? {
                reason = XMLParser.ErrorCode(rawValue: error.code).map { "\($0)" } ?? "error \(error.code)"
            } else {
                reason = builder.root == nil ? "no root element" : "the root element is not closed"
            }
            throw XMLValueError(
                "is not well-formed XML (line \(parser.lineNumber), column \(parser.columnNumber): \(reason))"
            )
        }
        return .object([root.name: root.value(listItemNames: listItemNames)])
    }
}

/// Why an XML answer could not be decoded; ``description`` completes "The answer …".
public struct XMLValueError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, e.g. `has a document type declaration (DTD), which is refused`.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
