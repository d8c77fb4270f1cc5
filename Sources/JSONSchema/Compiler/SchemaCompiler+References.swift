import StructuredData

extension SchemaCompiler {
    /// The schema an absolute `$ref` value names, loading its document if needed.
    /// - Parameters:
    ///   - reference: the `$ref` resolved against the base URI.
    ///   - origin: where the `$ref` is, for errors.
    mutating func locate(_ reference: String, at origin: SchemaLocation) throws(SchemaError) -> SchemaLocation {
        let refLocation = origin.appending("$ref")
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
                "\(quoted) points at nothing: no schema has \"$id\" \(ValueDescription.quote("#" + decoded))"
            )
        }
        return anchor
    }

    /// The root of the resource named `resource`: already indexed, the built-in meta-schema, or loaded.
    private mutating func resourceLocation(_ resource: String, at location: SchemaLocation) throws(SchemaError)
        -> SchemaLocation
    {
        if let known = index.resource(resource) { return known }
        if resource == MetaSchema.draft07URI {
            index.addDocument(MetaSchema.draft07, retrievalURI: resource)
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
        index.addDocument(document, retrievalURI: resource)
        return index.resource(resource)!
    }
}
