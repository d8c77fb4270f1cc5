import StructuredData

/// The resource an action touches (a repository, project, namespace, …) and the allow/deny lists it is checked
/// against: `ALLOWED_<LIST>`/`DENIED_<LIST>` of the settings and `allowed_<list>`/`denied_<list>` of the profile.
public struct ActionResource: Sendable {
    /// The resources a job touches, from its validated input and its request.
    public typealias Extractor = @Sendable (_ input: ActionInput, _ request: ActionRequest) -> [String]

    /// The list name (`REPOS` for `ALLOWED_REPOS`/`allowed_repos`).
    public var list: String
    /// What messages call one resource (`repository`).
    public var noun: String
    /// Whether list patterns ignore letter case (for vendors whose names do).
    public var caseInsensitive: Bool
    /// The resources of a job.
    public var values: Extractor
    /// When set, a job that names no resource is refused (`resource_not_allowed`) while a list restricts
    /// anything; the text says how to name one (`repo:owner/name in q, or the repo input`). Without it such a job
    /// runs unchecked.
    public var mustNameWhenRestricted: String?
    /// The output member that repeats the resource (`repo`), when it comes from one input field.
    public var outputKey: String?

    /// A resource.
    /// - Parameters:
    ///   - list: The list name.
    ///   - noun: What messages call one.
    ///   - caseInsensitive: Whether patterns ignore case.
    ///   - mustNameWhenRestricted: How a job names one, when it must while lists restrict.
    ///   - outputKey: The output member repeating it.
    ///   - values: The resources of a job.
    public init(
        list: String,
        noun: String,
        caseInsensitive: Bool = false,
        mustNameWhenRestricted: String? = nil,
        outputKey: String? = nil,
        values: @escaping Extractor
    ) {
        self.list = list
        self.noun = noun
        self.caseInsensitive = caseInsensitive
        self.mustNameWhenRestricted = mustNameWhenRestricted
        self.outputKey = outputKey
        self.values = values
    }

    /// The resource is the string input field `field`, repeated in the output under the same name.
    /// - Parameters:
    ///   - field: The input field (`repo`).
    ///   - list: The list name (`REPOS`).
    ///   - noun: What messages call one (`repository`).
    ///   - caseInsensitive: Whether patterns ignore case.
    public static func field(
        _ field: String,
        list: String,
        noun: String,
        caseInsensitive: Bool = false
    ) -> ActionResource {
        ActionResource(list: list, noun: noun, caseInsensitive: caseInsensitive, outputKey: field) { input, _ in
            input.value(field)?.stringValue.map { [$0] } ?? []
        }
    }
}
