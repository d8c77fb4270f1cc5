/// Which side of a contract a schema checks, which decides what a breaking change is.
public enum SchemaDirection: String, Sendable, Hashable, CaseIterable {
    /// What callers send (a workflow's run input, a step's payload): a change breaks when it puts new constraints
    /// on callers, so the new schema rejects something the old one accepted.
    case input
    /// What a step returns: a change breaks when consumers lose something the old schema promised (a property, a
    /// required property) or may get something it ruled out (another type, another enum value).
    case output
}

/// One way a new version of a schema breaks the contract of the old one.
public struct SchemaBreak: Sendable, Hashable {
    /// Why it breaks. Tools and tests match on these, never on the message.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// A property of `properties` is gone.
        case propertyRemoved = "property_removed"
        /// A property is in `required` that was not (input).
        case propertyNewlyRequired = "property_newly_required"
        /// A property is no longer in `required` (output).
        case propertyNoLongerRequired = "property_no_longer_required"
        /// `type` accepts fewer types (input) or more (output); a missing `type` accepts every type.
        case typeChanged = "type_changed"
        /// `enum`/`const` allows fewer values, or appeared (input).
        case enumNarrowed = "enum_narrowed"
        /// `enum`/`const` allows more values, or disappeared (output).
        case enumWidened = "enum_widened"
        /// `additionalProperties` went from absent or `true` to `false` or a schema (input).
        case additionalPropertiesClosed = "additional_properties_closed"
        /// A minimum was raised or a maximum lowered (or one appeared), `uniqueItems` or `multipleOf` tightened
        /// (input).
        case boundTightened = "bound_tightened"
        /// `pattern` appeared or changed (input).
        case patternChanged = "pattern_changed"
        /// A keyword the diff does not analyse (`allOf`, `anyOf`, `oneOf`, `not`, `if`, `dependencies`, ...)
        /// changed; check it by hand.
        case compositionChanged = "composition_changed"
        /// A `$ref` changed and one side cannot be resolved inside its document.
        case referenceChanged = "reference_changed"
        /// A workflow's final step with an output schema is gone or no longer final (output).
        case outputRemoved = "output_removed"
    }

    /// Why it breaks.
    public var reason: Reason
    /// The direction it breaks in.
    public var direction: SchemaDirection
    /// Where, as a JSON Pointer into the schema (`/properties/name`); `""` for the root.
    public var pointer: String
    /// One phrase saying what changed, e.g. `property "name" removed`.
    public var message: String

    /// Creates a break.
    /// - Parameters:
    ///   - reason: why it breaks.
    ///   - direction: the direction it breaks in.
    ///   - pointer: where, as a JSON Pointer into the schema.
    ///   - message: one phrase saying what changed.
    public init(reason: Reason, direction: SchemaDirection, pointer: String, message: String) {
        self.reason = reason
        self.direction = direction
        self.pointer = pointer
        self.message = message
    }

    /// `message` with where it happened: `property "name" removed at /properties/name`.
    public var description: String {
        pointer.isEmpty ? message : "\(message) at \(pointer)"
    }
}
