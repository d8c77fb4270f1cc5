public import StructuredData

/// An object a write created, changed or deleted, as the output's `objects` lists it for audit: its kind, id,
/// link and what happened to it.
public struct ChangedObject: Sendable, Hashable {
    /// What happened to the object.
    public enum Change: String, Sendable, Hashable {
        /// The write created it.
        case created
        /// The write changed it.
        case updated
        /// The write deleted it.
        case deleted
    }

    /// The object's kind (`issue`, `comment`, `ref`, …).
    public var kind: String
    /// Its id as the vendor names it (a number or a string).
    public var id: JSONValue
    /// A link to it, when the vendor gave one.
    public var url: String?
    /// What happened to it.
    public var change: Change

    /// An object.
    /// - Parameters:
    ///   - kind: The kind.
    ///   - id: The id.
    ///   - url: A link.
    ///   - change: What happened.
    public init(kind: String, id: JSONValue, url: String? = nil, change: Change) {
        self.kind = kind
        self.id = id
        self.url = url
        self.change = change
    }

    /// `{"kind","id","url"?,"change"}`.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["kind": .string(kind), "id": id, "change": .string(change.rawValue)]
        if let url { object["url"] = .string(url) }
        return .object(object)
    }
}
