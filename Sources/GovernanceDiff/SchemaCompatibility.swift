import Foundation
public import StructuredData

/// Finds the breaking changes between two versions of a draft-07 JSON Schema.
///
/// The comparison walks both schemas together: `type`, `enum`/`const`, `properties`, `required`,
/// `additionalProperties`, `items`, the numeric, length and count bounds, `pattern`, and local `$ref`s (resolved
/// inside each document). Keywords it does not analyse (`allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`,
/// `dependencies`, `patternProperties`, `propertyNames`, `contains`) are reported when they differ at all.
/// Annotations (`title`, `description`, `default`, `examples`, `$comment`, `format`) never break.
public enum SchemaCompatibility {
    /// The breaking changes from `old` to `new` in one direction.
    /// - Parameters:
    ///   - old: the old schema.
    ///   - new: the new schema.
    ///   - direction: what the schema checks: callers' input, or a step's output.
    /// - Returns: the breaks, in document order of the walk.
    public static func breaks(from old: JSONValue, to new: JSONValue, direction: SchemaDirection) -> [SchemaBreak] {
        var walker = SchemaWalker(oldRoot: old, newRoot: new, direction: direction)
        walker.compare(old, new, at: "", depth: 0)
        return walker.breaks
    }

    /// The breaking changes in every given direction, without duplicates.
    /// - Parameters:
    ///   - old: the old schema.
    ///   - new: the new schema.
    ///   - directions: the directions to check.
    public static func breaks(from old: JSONValue, to new: JSONValue, directions: [SchemaDirection]) -> [SchemaBreak] {
        var seen: Set<String> = []
        var result: [SchemaBreak] = []
        for direction in directions {
            for found in breaks(from: old, to: new, direction: direction)
            where seen.insert(found.reason.rawValue + " " + found.pointer + " " + found.message).inserted {
                result.append(found)
            }
        }
        return result
    }
}

/// Walks two schemas side by side and collects the breaks.
struct SchemaWalker {
    let oldRoot: JSONValue
    let newRoot: JSONValue
    let direction: SchemaDirection
    var breaks: [SchemaBreak] = []
    private var followed: Set<String> = []

    /// Deeper than this, the walk stops (hostile or absurd nesting).
    static let maxDepth = 64

    init(oldRoot: JSONValue, newRoot: JSONValue, direction: SchemaDirection) {
        self.oldRoot = oldRoot
        self.newRoot = newRoot
        self.direction = direction
    }

    mutating func report(_ reason: SchemaBreak.Reason, _ pointer: String, _ message: String) {
        breaks.append(SchemaBreak(reason: reason, direction: direction, pointer: pointer, message: message))
    }

    mutating func compare(_ oldValue: JSONValue, _ newValue: JSONValue, at pointer: String, depth: Int) {
        guard depth < Self.maxDepth else { return }
        if newValue == .bool(false), oldValue != .bool(false), direction == .input {
            return report(.typeChanged, pointer, "the schema now rejects every value")
        }
        if oldValue == .bool(false), newValue != .bool(false), direction == .output {
            return report(.typeChanged, pointer, "the schema now allows values it ruled out")
        }
        var old = oldValue.objectValue ?? [:]
        var new = newValue.objectValue ?? [:]
        if old["$ref"] != nil || new["$ref"] != nil {
            let oldRef = old["$ref"]?.stringValue
            let newRef = new["$ref"]?.stringValue
            let oldTarget = oldRef.map { Self.resolve($0, in: oldRoot) } ?? .object(old)
            let newTarget = newRef.map { Self.resolve($0, in: newRoot) } ?? .object(new)
            guard let oldTarget, let newTarget else {
                if oldRef != newRef {
                    report(.referenceChanged, pointer, "$ref changed from \(oldRef ?? "none") to \(newRef ?? "none")")
                }
                return
            }
            guard followed.insert("\(oldRef ?? pointer)|\(newRef ?? pointer)").inserted else { return }
            old = oldTarget.objectValue ?? [:]
            new = newTarget.objectValue ?? [:]
            if oldTarget == .bool(false) || newTarget == .bool(false) {
                return compare(oldTarget, newTarget, at: pointer, depth: depth + 1)
            }
        }
        compareTypes(old, new, at: pointer)
        compareEnums(old, new, at: pointer)
        compareObjects(old, new, at: pointer, depth: depth)
        compareItems(old, new, at: pointer, depth: depth)
        if direction == .input { compareBounds(old, new, at: pointer) }
        compareUnanalysed(old, new, at: pointer)
    }

    /// Resolves a `$ref` inside its own document: `#`, `#/json/pointer`, or the document's `$id` followed by one.
    static func resolve(_ reference: String, in root: JSONValue) -> JSONValue? {
        guard let hash = reference.firstIndex(of: "#") else {
            return reference == root["$id"]?.stringValue ? root : nil
        }
        let base = String(reference[..<hash])
        guard base.isEmpty || base == root["$id"]?.stringValue else { return nil }
        let fragment = String(reference[reference.index(after: hash)...])
        let pointer = fragment.removingPercentEncoding ?? fragment
        guard pointer.isEmpty || pointer.hasPrefix("/") else { return nil }
        return JSONPointer.resolve(pointer, in: root)
    }

    mutating func compareObjects(_ old: [String: JSONValue], _ new: [String: JSONValue], at pointer: String, depth: Int)
    {
        let oldProperties = old["properties"]?.objectValue ?? [:]
        let newProperties = new["properties"]?.objectValue ?? [:]
        for name in oldProperties.keys.sorted() {
            let at = JSONPointer.appending(pointer + "/properties", name)
            if let newProperty = newProperties[name], let oldProperty = oldProperties[name] {
                compare(oldProperty, newProperty, at: at, depth: depth + 1)
            } else {
                report(.propertyRemoved, at, "property \"\(name)\" removed")
            }
        }
        let oldRequired = Set(old["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let newRequired = Set(new["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        switch direction {
        case .input:
            for name in newRequired.subtracting(oldRequired).sorted() {
                report(.propertyNewlyRequired, pointer + "/required", "property \"\(name)\" is newly required")
            }
        case .output:
            for name in oldRequired.subtracting(newRequired).sorted()
            where oldProperties[name] == nil || newProperties[name] != nil {
                report(.propertyNoLongerRequired, pointer + "/required", "property \"\(name)\" is no longer required")
            }
        }
        let oldAdditional = old["additionalProperties"]
        let newAdditional = new["additionalProperties"]
        let at = pointer + "/additionalProperties"
        if direction == .input, newAdditional == .bool(false), oldAdditional != .bool(false) {
            report(.additionalPropertiesClosed, at, "additionalProperties closed (now false)")
        } else if direction == .input, Self.isOpen(oldAdditional), !Self.isOpen(newAdditional) {
            report(.additionalPropertiesClosed, at, "additionalProperties now constrained by a schema")
        } else if let oldAdditional, let newAdditional, oldAdditional.objectValue != nil,
            newAdditional.objectValue != nil
        {
            compare(oldAdditional, newAdditional, at: at, depth: depth + 1)
        }
    }

    /// Whether `additionalProperties` lets anything through: absent, `true` or `{}`.
    static func isOpen(_ value: JSONValue?) -> Bool {
        value == nil || value == .bool(true) || value == .object([:])
    }

    mutating func compareItems(_ old: [String: JSONValue], _ new: [String: JSONValue], at pointer: String, depth: Int) {
        let at = pointer + "/items"
        switch (old["items"], new["items"]) {
        case (nil, nil): return
        case (.array(let oldItems), .array(let newItems)):
            for index in 0..<min(oldItems.count, newItems.count) {
                compare(oldItems[index], newItems[index], at: JSONPointer.appending(at, index), depth: depth + 1)
            }
        case (.array, _), (_, .array):
            report(.compositionChanged, at, "items changed between a list of schemas and one schema")
        case (let oldItems, let newItems):
            compare(oldItems ?? .object([:]), newItems ?? .object([:]), at: at, depth: depth + 1)
        }
    }
}
