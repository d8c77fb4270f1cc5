public import StructuredData

/// A pack's work around the action runtime, for packs that do more than one request per job: the input's fields
/// prepared and checked against the profile's limits before the request (relative times resolved, bounds checked),
/// the answer finished after it (series counted, charts drawn, traces analysed), and then large evidence moved to
/// an artifact. The metrics, monitoring and tracing packs (datadog, prometheus-query, opentelemetry) run on it.
///
/// A conforming type supplies the steps; ``run(_:context:input:)`` puts them in order, and is what the pack's
/// topics call.
public protocol ActionJobSteps: Sendable {
    /// How the runtime reaches the vendor.
    associatedtype Transport: ActionTransport
    /// A profile's bounds.
    associatedtype Limits: Sendable

    /// The action runtime (built without a large-evidence threshold: ``evidence`` applies after ``finish``).
    var runtime: ActionRuntime<Transport> { get }
    /// Where large answers go once finished.
    var evidence: LargeEvidence { get }

    /// The bounds of the profile named `profile`.
    func limits(forProfile profile: String) -> Limits

    /// Rewrites and checks `fields` before anything is sent; a refusal sends nothing.
    func prepare(
        _ action: String,
        _ fields: inout [String: JSONValue],
        limits: Limits,
        profile: String,
        context: JobContext
    ) throws(WorkerError)

    /// Rewrites and checks an answer's output (one with a `result` or `items`; a dry run's plan has neither).
    func finish(
        _ action: String,
        _ output: inout [String: JSONValue],
        fields: [String: JSONValue],
        limits: Limits,
        profile: String,
        context: JobContext
    ) async throws(WorkerError)
}

extension ActionJobSteps {
    /// Runs `action` on `input`: the profile resolved, ``prepare(_:_:limits:profile:context:)``, the request,
    /// ``finish(_:_:fields:limits:profile:context:)`` for an answer, then ``evidence``.
    public func run(_ action: Action, context: JobContext, input: JSONValue) async throws(WorkerError) -> JSONValue {
        let profile = try runtime.transport.profile(for: input)
        let limits = limits(forProfile: profile.name)
        var fields = input.objectValue ?? [:]
        try prepare(action.name, &fields, limits: limits, profile: profile.name, context: context)
        var output = try await runtime.run(action, context: context, input: .object(fields)).objectValue ?? [:]
        guard output["result"] != nil || output["items"] != nil else { return .object(output) }
        try await finish(action.name, &output, fields: fields, limits: limits, profile: profile.name, context: context)
        await evidence.apply(to: &output, action: action.name, context: context)
        return .object(output)
    }
}
