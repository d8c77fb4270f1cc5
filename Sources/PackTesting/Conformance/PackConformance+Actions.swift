import Foundation
import PackFormat
import StructuredData
import WorkerKit

extension PackConformance {
    /// Runs every sampled action directly on the worker, against a freshly reset emulator each: every input and
    /// output must validate against the topic's schemas; a write's dry run must send nothing and answer a plan
    /// that is the exact request its real run then sends.
    public func checkActions() async throws -> ConformanceReport {
        var report = ConformanceReport("actions")
        guard pack.worker != nil else {
            report.skip("the pack has no worker")
            return report
        }
        let schemas = self.schemas
        try await withPackRig(pack, PackRigOptions(inProcessWorker: false)) { rig in
            let worker = try makeWorker(rig)
            let logs = LogRecorder()
            let artifacts = MemoryArtifacts()
            let outcomes = OutcomeLog()
            for topic in sampledTopics {
                guard
                    let input = try await prepareSample(
                        topic,
                        control: rig.control,
                        worker: worker,
                        logs: logs,
                        artifacts: artifacts,
                        report: &report
                    )
                else { continue }
                if pack.isWrite(topic) {
                    let dry = await run(worker, topic, input, dryRun: true, logs: logs, artifacts: artifacts)
                    outcomes.append(dry)
                    let sent = try await rig.control?.requests() ?? []
                    report.expect(
                        sent.isEmpty,
                        "the dry run of \(topic) sent \(sent.map { "\($0.method) \($0.path)" }) to the emulator"
                    )
                    guard let output = dry.output else {
                        report.fail("the dry run of \(topic) failed: \(dry.text.prefix(300))")
                        continue
                    }
                    for problem in schemas.problems(topic, input: input, output: output) { report.fail(problem) }
                    report.expect(
                        output["dry_run"] == true,
                        "the dry run of \(topic) does not say \"dry_run\": true: \(JSONEncoding.compact(output).prefix(300))"
                    )
                    let real = await run(worker, topic, input, logs: logs, artifacts: artifacts)
                    outcomes.append(real)
                    guard let realOutput = real.output else {
                        report.fail("\(topic) failed with its sample input: \(real.text.prefix(300))")
                        continue
                    }
                    for problem in schemas.problems(topic, input: input, output: realOutput) { report.fail(problem) }
                    if let control = rig.control {
                        report.merge(
                            comparePlan(topic, plan: output["plan"], with: try await control.requests(), control)
                        )
                    }
                } else {
                    let outcome = await run(worker, topic, input, logs: logs, artifacts: artifacts)
                    outcomes.append(outcome)
                    guard let output = outcome.output else {
                        report.fail("\(topic) failed with its sample input: \(outcome.text.prefix(300))")
                        continue
                    }
                    for problem in schemas.problems(topic, input: input, output: output) { report.fail(problem) }
                }
            }
            report.expectNoCanary(
                rig.credentialValues,
                in: outcomes.texts.map { ("an action's outcome", $0) } + logs.all.map { ("a log line", $0) }
                    + artifacts.texts.map { ("an artifact", $0) }
            )
        }
        return report
    }

    /// Compares a dry run's plan with the write the real run sent: method, path and query, JSON body, and every
    /// header the plan names.
    func comparePlan(
        _ topic: String,
        plan: JSONValue?,
        with sent: [EmulatorControl.Request],
        _ control: EmulatorControl
    ) -> ConformanceReport {
        var report = ConformanceReport("plan")
        // A URL that is itself a credential (an incoming webhook) shows its secret part as the mask; that part
        // matches any run of characters of the path the real run sent, or any value of a query parameter.
        let placeholder = "cordum-redacted-part"
        guard let plan, let method = plan["method"]?.stringValue, let shown = plan["url"]?.stringValue,
            case let url = shown.replacingOccurrences(of: SecretRegistry.mask, with: placeholder),
            let components = URLComponents(string: url)
        else {
            report.fail(
                "the dry run of \(topic) has no plan with method and url: \(plan.map(JSONEncoding.compact) ?? "none")"
            )
            return report
        }
        report.expect(
            url.hasPrefix(control.baseURL),
            "the plan of \(topic) names \(url), not the emulator at \(control.baseURL)"
        )
        let path = components.percentEncodedPath
        let pieces = path.components(separatedBy: placeholder)
        guard
            let request = sent.first(where: { $0.method == method && Self.path($0.path, matches: pieces) })
        else {
            report.fail(
                "the plan of \(topic) is \(method) \(path), but the real run sent "
                    + "\(sent.map { "\($0.method) \($0.path)" })"
            )
            return report
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] where query[item.name] == nil { query[item.name] = item.value ?? "" }
        // A masked query value (a Workflows webhook's `sig`) matches the non-empty value the real run sent.
        let sameQuery =
            Set(query.keys) == Set(request.query.keys)
            && query.allSatisfy { name, value in
                value == placeholder ? request.query[name]?.isEmpty == false : request.query[name] == value
            }
        report.expect(
            sameQuery,
            "the plan of \(topic) has the query \(query), the real request \(request.query)"
        )
        let body = plan["body"].flatMap { $0.isNull ? nil : $0 }
        report.expect(
            Self.body(body, matches: request.jsonBody),
            "the plan of \(topic) has the body \(body.map(JSONEncoding.compact) ?? "none"), the real request "
                + (request.body.isEmpty ? "none" : String(request.body.prefix(300)))
        )
        for (name, value) in plan["headers"]?.objectValue ?? [:] {
            guard let planned = value.stringValue else { continue }
            let actual = request.headers[name.lowercased()]
            report.expect(
                actual == planned,
                "the plan of \(topic) has the header \(name): \(planned), the real request \(actual ?? "none")"
            )
        }
        return report
    }

    /// Whether a plan's JSON body is the one sent, where a string member the plan shows as `[REDACTED]` (a
    /// credential the vendor takes in the body, such as PagerDuty's Events API routing key) matches any non-empty
    /// string.
    static func body(_ planned: JSONValue?, matches sent: JSONValue?) -> Bool {
        switch (planned, sent) {
        case (.string(SecretRegistry.mask)?, .string(let value)?): return !value.isEmpty
        case (.object(let plan)?, .object(let real)?):
            return plan.count == real.count
                && plan.allSatisfy { key, value in real[key].map { body(value, matches: $0) } ?? false }
        case (.array(let plan)?, .array(let real)?):
            return plan.count == real.count && zip(plan, real).allSatisfy { body($0, matches: $1) }
        default: return planned == sent
        }
    }

    /// Whether `path` is `pieces` joined by non-empty runs of characters (the redacted parts).
    static func path(_ path: String, matches pieces: [String]) -> Bool {
        guard pieces.count > 1 else { return path == pieces.first }
        guard let first = pieces.first, let last = pieces.last, path.hasPrefix(first) else { return false }
        var rest = path.dropFirst(first.count)
        for piece in pieces.dropFirst().dropLast() {
            guard let range = rest.dropFirst().range(of: piece) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.count > last.count && rest.hasSuffix(last)
    }
}
