import StructuredData

extension JSONValue {
    /// The array element at `index`, if this is an array that long.
    subscript(_ index: Int) -> JSONValue? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
