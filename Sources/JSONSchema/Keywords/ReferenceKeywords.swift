import StructuredData

// `$dynamicRef` (2020-12) and `$recursiveRef` (2019-09): references whose target depends on the schema
// resources evaluation passed through on its way here (the dynamic scope). `$ref` is
// ``Validator/applyReference(_:_:_:)``.

extension Validator {
    /// A dynamic `$dynamicRef` goes to the outermost resource in the dynamic scope that declares a
    /// `$dynamicAnchor` of the same name; otherwise it is a plain reference.
    mutating func checkDynamicRef(_ target: Int, anchor: String?, _ instance: JSONValue) -> Bool {
        var resolved = target
        if let anchor {
            for resource in dynamicScope {
                if let node = resources[resource].dynamicAnchors[anchor] {
                    resolved = node
                    break
                }
            }
        }
        return applyReference("$dynamicRef", resolved, instance)
    }

    /// A `$recursiveRef` whose target declares `"$recursiveAnchor": true` goes to the outermost resource in
    /// the dynamic scope that declares it too; otherwise it is a plain reference.
    mutating func checkRecursiveRef(_ target: Int, dynamic: Bool, _ instance: JSONValue) -> Bool {
        var resolved = target
        if dynamic {
            for resource in dynamicScope {
                if let node = resources[resource].recursiveAnchor {
                    resolved = node
                    break
                }
            }
        }
        return applyReference("$recursiveRef", resolved, instance)
    }
}
