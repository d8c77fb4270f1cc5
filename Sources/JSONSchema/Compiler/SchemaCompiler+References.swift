import StructuredData

extension SchemaCompiler {
    /// `$ref`, and `$dynamicRef` (2020-12) or `$recursiveRef` (2019-09), of a schema object.
    mutating func referenceKeywords(_ context: KeywordContext) throws(SchemaError) -> [Keyword] {
        var keywords: [Keyword] = []
        if let text = try referenceText("$ref", in: context) {
            let target = try locate(URIReference.resolve(text, against: context.base), at: context.location, "$ref")
            keywords.append(.ref(referenceTarget(target)))
        }
        if context.dialect.has("$dynamicRef"), let text = try referenceText("$dynamicRef", in: context) {
            let resolved = URIReference.resolve(text, against: context.base)
            let target = try locate(resolved, at: context.location, "$dynamicRef")
            // Only a fragment that names a `$dynamicAnchor` makes the reference dynamic.
            let (resource, fragment) = URIReference.splitFragment(resolved)
            let name = URIReference.percentDecode(fragment ?? "")
            let dynamic = !name.isEmpty && !name.hasPrefix("/") && index.dynamicAnchors[resource]?[name] != nil
            keywords.append(.dynamicRef(referenceTarget(target), anchor: dynamic ? name : nil))
        }
        if context.dialect.has("$recursiveRef"), let text = try referenceText("$recursiveRef", in: context) {
            let target = try locate(
                URIReference.resolve(text, against: context.base),
                at: context.location,
                "$recursiveRef"
            )
            // Dynamic only when the initial target declares `"$recursiveAnchor": true`.
            let dynamic = index.value(at: target)?["$recursiveAnchor"] == .bool(true)
            keywords.append(.recursiveRef(referenceTarget(target), dynamic: dynamic))
        }
        return keywords
    }

    private func referenceText(_ keyword: String, in context: KeywordContext) throws(SchemaError) -> String? {
        guard let value = context.members[keyword] else { return nil }
        guard case .string(let text) = value else {
            throw error(.invalidSchema, at: context.location(keyword), "\"\(keyword)\" must be a string")
        }
        return text
    }

    /// The schema an absolute reference names, loading its document if needed.
    /// - Parameters:
    ///   - reference: the reference resolved against the base URI.
    ///   - origin: the schema object holding the reference, for errors.
    ///   - keyword: the reference keyword, for errors.
    mutating func locate(_ reference: String, at origin: SchemaLocation, _ keyword: String) throws(SchemaError)
        -> SchemaLocation
    {
        let refLocation = origin.appending(keyword)
        let quoted = ValueDescription.quote(reference)
        let (resource, fragment) = URIReference.splitFragment(reference)
        let root = try resourceLocation(resource, at: refLocation)
        let decoded = URIReference.percentDecode(fragment ?? "")
        if decoded.isEmpty { return root }
        if decoded.hasPrefix("/") {
            let target = SchemaLocation(document: root.document, tokens: root.tokens + JSONPointer.tokens(decoded))
            guard index.value(at: target) != nil else {
                throw error(
                    .unresolvableRef,
                    at: refLocation,
                    "\(quoted) points at nothing: no value at \(ValueDescription.quote(decoded))"
                )
            }
            return target
        }
        guard let anchor = index.anchor(decoded, in: resource) else {
            throw error(
                .unresolvableRef,
                at: refLocation,
                "\(quoted) points at nothing: no schema declares the anchor \(ValueDescription.quote(decoded))"
            )
        }
        return anchor
    }

    /// The root of the resource named `resource`: already indexed, a built-in meta-schema, or loaded.
    private mutating func resourceLocation(_ resource: String, at location: SchemaLocation) throws(SchemaError)
        -> SchemaLocation
    {
        if let known = index.resource(resource) { return known }
        if let builtIn = MetaSchema.document(resource) {
            try addDocument(builtIn, retrievalURI: resource)
            return index.resource(resource)!
        }
        guard let loader else {
            throw error(
                .unresolvableRef,
                at: location,
                "no schema is known as \(ValueDescription.quote(resource)); add it to the schema registry"
            )
        }
        let document: JSONValue
        do {
            document = try loader.load(uri: resource)
        } catch {
            throw self.error(
                .remoteLoadFailed,
                at: location,
                "could not load \(ValueDescription.quote(resource)): \(String(describing: error))"
            )
        }
        try addDocument(document, retrievalURI: resource)
        return index.resource(resource)!
    }
}
