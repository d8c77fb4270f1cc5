import NIOHTTP1
public import StructuredData

/// Runs the jobs of a pack's ``Action``s: checks the job's intent, resolves its profile, applies the allow/deny
/// lists of actions and resources, builds the exact request, returns it as the plan of a dry run or sends it
/// (following pages for lists), moves large answers to artifacts, and answers with the shared output envelope:
/// `action`, `profile`, `status_code`, `request_id`, `duration_ms`, `dry_run` (writes), `plan` (dry runs),
/// `result` or `items`/`pages`/`truncated`, `objects` (writes), `artifacts`, `cached`, plus the pack's extras.
///
/// ```swift
/// let transport = BearerTokenTransport(settings: settings, http: settings.httpClient(vendor: "Tracker"))
/// let runtime = ActionRuntime(settings: settings, transport: transport)
/// let worker = Worker(packID: "tracker", actions: actions, runtime: runtime, schemas: schemas)
/// ```
public struct ActionRuntime<Transport: ActionTransport>: Sendable {
    /// Pack extras from the last answer (a rate-limit snapshot, …), added to every output that called the vendor.
    public typealias Extras =
        @Sendable (_ action: Action, _ answer: ActionAnswer, _ output: inout [String: JSONValue]) -> Void
    /// Pack extras from each page of a list (a total count, …).
    public typealias PageExtras = @Sendable (_ page: JSONValue, _ output: inout [String: JSONValue]) -> Void

    /// The settings: action and resource lists, the variable prefix for messages.
    public var settings: VendorSettings
    /// How the vendor is reached.
    public var transport: Transport
    /// Pages a list reads when its input gives no `max_pages`.
    public var defaultMaxPages: Int
    /// The most pages any list reads, whatever its input says.
    public var maxPagesLimit: Int
    /// Items a list keeps when its input gives no `max_items`.
    public var defaultMaxItems: Int
    /// The most items any list keeps, whatever its input says.
    public var maxItemsLimit: Int
    /// Where large answers go.
    public var largeEvidence: LargeEvidence
    /// Extras from the last answer.
    public var extras: Extras
    /// Extras from each page of a list.
    public var pageExtras: PageExtras

    /// A runtime.
    /// - Parameters:
    ///   - settings: The settings.
    ///   - transport: The transport.
    ///   - defaultMaxPages: Default 10.
    ///   - maxPagesLimit: Default 50.
    ///   - defaultMaxItems: Default 10,000.
    ///   - maxItemsLimit: Default 10,000.
    ///   - artifactThreshold: Answers above this many bytes of JSON go to an artifact; default 256 KiB; 0 never.
    ///   - extras: Extras from the last answer; default none.
    ///   - pageExtras: Extras from each page; default none.
    public init(
        settings: VendorSettings,
        transport: Transport,
        defaultMaxPages: Int = 10,
        maxPagesLimit: Int = 50,
        defaultMaxItems: Int = 10_000,
        maxItemsLimit: Int = 10_000,
        artifactThreshold: Int = 256 << 10,
        extras: @escaping Extras = { _, _, _ in },
        pageExtras: @escaping PageExtras = { _, _ in }
    ) {
        self.settings = settings
        self.transport = transport
        self.maxPagesLimit = max(maxPagesLimit, 1)
        self.defaultMaxPages = min(max(defaultMaxPages, 1), self.maxPagesLimit)
        self.maxItemsLimit = max(maxItemsLimit, 1)
        self.defaultMaxItems = min(max(defaultMaxItems, 1), self.maxItemsLimit)
        self.largeEvidence = LargeEvidence(threshold: artifactThreshold, labels: ["pack": settings.packID])
        self.extras = extras
        self.pageExtras = pageExtras
    }

    /// Runs one job of `action`.
    /// - Parameters:
    ///   - action: The action.
    ///   - context: The job.
    ///   - input: The job input, already validated against the action's input schema.
    /// - Returns: The output envelope.
    /// - Throws: ``WorkerError`` with a shared code (`invalid_input`, `action_not_allowed`,
    ///   `resource_not_allowed`, `unauthorized`, …), a pack code, or `cancelled`.
    public func run(_ action: Action, context: JobContext, input: JSONValue) async throws(WorkerError) -> JSONValue {
        let start = ContinuousClock.now
        try checkIntent(action, context: context, input: input)
        let profile = try transport.profile(for: input)
        try checkAction(action, profile: profile)
        let fields = try ActionInput(action: action.name, input: input)
        let call = try action.build(fields)
        var output: [String: JSONValue] = ["action": .string(action.name), "profile": .string(profile.name)]
        if let resource = action.resource {
            let values = resource.values(fields, call)
            try checkResources(values, of: resource, action: action, profile: profile)
            if let key = resource.outputKey, let value = values.first { output[key] = .string(value) }
        }
        let request = self.request(call, action: action, profile: profile)
        if action.isWrite, context.isDryRun || input["dry_run"]?.boolValue == true {
            output["dry_run"] = true
            output["plan"] = DryRunPlan.json(
                request,
                body: call.body,
                authKind: profile.authKind,
                secrets: transport.http.secrets
            )
            output["duration_ms"] = .integer(Self.milliseconds(since: start))
            return .object(output)
        }
        try context.checkCancellation()
        let last: ActionAnswer
        if case .list(let itemsKey) = action.kind {
            let pages = try await list(
                request,
                action: action,
                itemsKey: itemsKey,
                limits: try pageLimits(action, input: input, profile: profile),
                profile: profile,
                context: context,
                output: &output
            )
            last = pages.last
            output["items"] = .array(pages.items)
            output["pages"] = .integer(pages.count)
            output["truncated"] = .bool(pages.truncated)
        } else {
            last = try await transport.send(request, profile: profile, action: action.name, logger: context.logger)
            var result = try last.json(vendor: transport.vendor)
            if result == .null { result = .object(action.emptyResult(fields, call)) }
            output["result"] = result
            if action.isWrite { output["objects"] = .array(action.objects(fields, call, result).map(\.json)) }
        }
        if action.isWrite { output["dry_run"] = false }
        output["status_code"] = .integer(last.status)
        output["request_id"] = .string(last.requestID)
        if last.cached { output["cached"] = true }
        extras(action, last, &output)
        await largeEvidence.apply(to: &output, action: action.name, context: context)
        output["duration_ms"] = .integer(Self.milliseconds(since: start))
        return .object(output)
    }

    /// The exact request of `call` under `profile`, before credentials: the profile's base URL, the transport's
    /// headers, the action's own, a JSON body. Writes are not retried after they may have reached the vendor
    /// (5xx, timeouts) unless they carry an `Idempotency-Key`; rate-limit refusals are.
    /// - Parameters:
    ///   - call: The action's request.
    ///   - action: The action.
    ///   - profile: The profile.
    public func request(_ call: ActionRequest, action: Action, profile: Transport.Profile) -> VendorRequest {
        let url = call.url(baseURL: profile.baseURL)
        var headers = transport.headers(for: profile)
        for (name, value) in call.headers { headers.replaceOrAdd(name: name, value: value) }
        var request: VendorRequest
        if let body = call.body {
            request = .json(call.method, url: url, body: body, headers: headers)
        } else {
            request = VendorRequest(method: call.method, url: url, headers: headers)
        }
        if action.isWrite, !request.headers.contains(name: "Idempotency-Key") { request.isIdempotent = false }
        return request
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        Int((ContinuousClock.now - start) / .milliseconds(1))
    }
}
