/// The annotations `unevaluatedProperties` and `unevaluatedItems` need: which members of the instance
/// at the current location some successful keyword has already evaluated.
struct Evaluated {
    var properties: Set<String> = []
    /// Every property is evaluated (`additionalProperties` or `unevaluatedProperties` applied).
    var allProperties = false
    /// Items `0..<itemPrefix` are evaluated (tuple `items` or `prefixItems`).
    var itemPrefix = 0
    /// Every item is evaluated (`items` as one schema, `additionalItems`, `unevaluatedItems`).
    var allItems = false
    /// Items that matched `contains` (2020-12).
    var items: Set<Int> = []

    /// Adds what `other` evaluated.
    mutating func formUnion(_ other: Evaluated) {
        properties.formUnion(other.properties)
        allProperties = allProperties || other.allProperties
        itemPrefix = max(itemPrefix, other.itemPrefix)
        allItems = allItems || other.allItems
        items.formUnion(other.items)
    }
}
