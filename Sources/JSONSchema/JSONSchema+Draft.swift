extension JSONSchema {
    /// A JSON Schema draft this validator implements.
    ///
    /// A schema's `$schema` chooses its draft; a schema without one is read as the `defaultDraft` given to
    /// ``JSONSchema/init(_:baseURI:registry:loader:defaultDraft:assertFormats:)`` (draft-07 unless told).
    public enum Draft: String, Sendable, CaseIterable, Comparable {
        case draft4 = "draft-04"
        case draft6 = "draft-06"
        case draft7 = "draft-07"
        case draft201909 = "2019-09"
        case draft202012 = "2020-12"

        /// The URI of the draft's meta-schema, as `$schema` names it (without the optional empty fragment).
        public var metaSchemaURI: String {
            switch self {
            case .draft4: return "http://json-schema.org/draft-04/schema"
            case .draft6: return "http://json-schema.org/draft-06/schema"
            case .draft7: return "http://json-schema.org/draft-07/schema"
            case .draft201909: return "https://json-schema.org/draft/2019-09/schema"
            case .draft202012: return "https://json-schema.org/draft/2020-12/schema"
            }
        }

        /// The draft whose meta-schema `uri` names (`http` or `https`, with or without an empty fragment).
        public init?(metaSchemaURI uri: String) {
            let resource = URIReference.splitFragment(uri).resource
            let normalized = resource.hasPrefix("https://") ? "http://" + resource.dropFirst(8) : resource
            for draft in Self.allCases {
                let known = draft.metaSchemaURI
                let knownNormalized = known.hasPrefix("https://") ? "http://" + known.dropFirst(8) : known
                if normalized == knownNormalized {
                    self = draft
                    return
                }
            }
            return nil
        }

        /// Drafts compare by publication order.
        public static func < (lhs: Draft, rhs: Draft) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }
}
