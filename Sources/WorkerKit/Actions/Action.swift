import NIOHTTP1
public import StructuredData

/// One atomic action of a pack, declared once: its topic and capability, whether it reads, lists or writes, how
/// it is enabled, the resource it touches, and how its validated input becomes the vendor request. The
/// ``ActionRuntime`` does the rest: intent checks, profiles, allow/deny lists, the dry-run plan, the call,
/// pagination, artifacts and the output envelope.
///
/// ```swift
/// Action(
///     name: "issues.get", topic: "job.tracker.issues.get", capability: "tracker.issues.get", kind: .read,
///     resource: .field("project", list: "PROJECTS", noun: "project")
/// ) { input throws(WorkerError) in
///     ActionRequest(method: .GET, path: "/projects/\(try input.string("project"))/issues/\(try input.integer("id"))")
/// }
/// ```
public struct Action: Sendable {
    /// What the action does with the vendor's answer.
    public enum Kind: Sendable, Hashable {
        /// A read answered by one JSON value (`result`).
        case read
        /// A paginated read: the items are the answer array, or the array under `itemsKey` of the answer object
        /// (`items`, `pages`, `truncated`).
        case list(itemsKey: String?)
        /// A change: supports dry run, reports `objects`.
        case write
    }

    /// How the action is enabled.
    public enum Enabling: Sendable, Hashable {
        /// By the action allow/deny lists (`ALLOW_ACTIONS`, `DENY_ACTIONS`, the profile's): globs apply.
        case byLists
        /// Destructive or production actions: also refused unless an allow list names them exactly (a glob such
        /// as `*` does not enable them). `reason` says why in messages (`destructive`, `production`).
        case byExactName(reason: String)
    }

    /// Builds the vendor request from the validated input.
    public typealias Builder = @Sendable (_ input: ActionInput) throws(WorkerError) -> ActionRequest
    /// The objects a write created or changed, from its input, its request and the vendor's answer (`result`).
    public typealias ObjectsExtractor =
        @Sendable (_ input: ActionInput, _ request: ActionRequest, _ result: JSONValue) -> [ChangedObject]
    /// The `result` of an answer without a body (204): what was deleted or changed.
    public typealias EmptyResult = @Sendable (_ input: ActionInput, _ request: ActionRequest) -> [String: JSONValue]

    /// The action name (`issues.get`): what allow/deny lists and the input's `action` name.
    public var name: String
    /// The topic (`job.<pack>.<name>`).
    public var topic: String
    /// The capability (`<pack>.<name>`).
    public var capability: String
    /// Read, list or write.
    public var kind: Kind
    /// How the action is enabled.
    public var enabling: Enabling
    /// The resource the action touches, checked against allow/deny lists; `nil` when none.
    public var resource: ActionResource?
    /// The input schema's name among the pack's schemas (`IssuesGetInput`; see ``ActionSchemas``).
    public var inputSchema: String
    /// How a list action finds its next page.
    public var pagination: any PaginationStrategy
    /// How many pages and items a list action reads by default; the profile, the job and the runtime's limits
    /// may change it.
    public var pageLimits: PageLimits
    /// Builds the request.
    public var build: Builder
    /// The objects a write created or changed; default none.
    public var objects: ObjectsExtractor
    /// The `result` of an answer without a body; default `{"done": true}` (`{"deleted": true}` for DELETE).
    public var emptyResult: EmptyResult

    /// Declares an action.
    /// - Parameters:
    ///   - name: The action name.
    ///   - topic: The topic.
    ///   - capability: The capability.
    ///   - kind: Read, list or write.
    ///   - enabling: Default ``Enabling/byLists``.
    ///   - resource: The resource it touches, if any.
    ///   - inputSchema: The input schema's name; default ``ActionSchemas/inputSchemaName(for:)`` of `name`.
    ///   - pagination: Default ``LinkPagination`` (`Link: <…>; rel="next"`).
    ///   - pageLimits: Default ``PageLimits/inherited`` (the profile's or the runtime's).
    ///   - objects: The objects a write created or changed.
    ///   - emptyResult: The `result` of an answer without a body.
    ///   - build: Builds the request from the validated input.
    public init(
        name: String,
        topic: String,
        capability: String,
        kind: Kind,
        enabling: Enabling = .byLists,
        resource: ActionResource? = nil,
        inputSchema: String? = nil,
        pagination: any PaginationStrategy = LinkPagination(),
        pageLimits: PageLimits = .inherited,
        objects: @escaping ObjectsExtractor = { _, _, _ in [] },
        emptyResult: EmptyResult? = nil,
        build: @escaping Builder
    ) {
        self.name = name
        self.topic = topic
        self.capability = capability
        self.kind = kind
        self.enabling = enabling
        self.resource = resource
        self.inputSchema = inputSchema ?? ActionSchemas.inputSchemaName(for: name)
        self.pagination = pagination
        self.pageLimits = pageLimits
        self.objects = objects
        self.emptyResult =
            emptyResult ?? { _, request in request.method == .DELETE ? ["deleted": true] : ["done": true] }
        self.build = build
    }

    /// Whether the action changes something (``Kind/write``).
    public var isWrite: Bool { kind == .write }
    /// Whether the action follows pagination (``Kind/list(itemsKey:)``).
    public var isList: Bool {
        if case .list = kind { return true }
        return false
    }
    /// Whether the action must be enabled by its exact name.
    public var requiresExplicitEnable: Bool {
        if case .byExactName = enabling { return true }
        return false
    }
}
