import StructuredData

extension JSONValue {
    /// The element at `index` of an array, or `nil` (tests read answers like `result.data.result[0]`).
    subscript(_ index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
