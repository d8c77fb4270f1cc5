import PolicyKernel
import StructuredData
import Testing

/// One case of a YAML corpus: a compiled policy, a request body and the expected parts of the decision.
struct Scenario: Sendable, CustomTestStringConvertible {
    let suite: String
    let name: String
    let policy: CompiledPolicy
    let request: JSONValue
    /// Expected members of ``PolicyDecision/json`` (only those given are compared).
    let want: [String: JSONValue]

    var testDescription: String { "\(suite) — \(name)" }

    /// Evaluates the case, compares the decision, and checks that `explain` agrees with `evaluate`.
    func check() throws {
        let request = try PolicyRequest(json: request)
        let decision = policy.evaluate(request)
        let json = decision.json
        for (key, expected) in want.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "constraints_present":
                #expect((decision.constraints != nil) == expected.boolValue, "\(name): constraints")
            case "remediation_ids":
                #expect(strings(decision.remediations.map(\.id)) == expected, "\(name): remediations")
            default:
                let actual = json[key] ?? .null
                #expect(actual.jsonEquals(expected), "\(name): \(key) is \(actual), want \(expected)")
            }
        }
        let explanation = policy.explain(request)
        #expect(explanation.decision == decision, "\(name): explain and evaluate differ")
        if explanation.guardReason == nil, let index = explanation.matchedRuleIndex {
            #expect(explanation.matchedRuleID == decision.ruleID, "\(name): explain matched another rule (\(index))")
        } else if explanation.guardReason == nil {
            #expect(decision.ruleID.isEmpty, "\(name): explain found no rule, evaluate did")
        }
    }
}

/// Reads YAML corpora: a list of suites, each with a policy (`base`, `fragments`, `strict`) and `cases`.
enum Corpus {
    static func scenarios(_ yaml: String, file: String) -> [Scenario] {
        let root: JSONValue
        do {
            root = try YAMLLoader.load(Array(yaml.utf8), file: file).value
        } catch {
            fatalError("corpus \(file) is not valid YAML: \(error)")
        }
        var result: [Scenario] = []
        for suite in root.arrayValue ?? [] {
            let name = suite["suite"]?.stringValue ?? "?"
            let policy: CompiledPolicy
            do {
                policy = try compile(suite)
            } catch {
                fatalError("corpus \(file), suite \(name): \(error)")
            }
            for item in suite["cases"]?.arrayValue ?? [] {
                result.append(
                    Scenario(
                        suite: name,
                        name: item["name"]?.stringValue ?? "?",
                        policy: policy,
                        request: item["request"] ?? [:],
                        want: item["want"]?.objectValue ?? [:]
                    )
                )
            }
        }
        return result
    }

    private static func compile(_ suite: JSONValue) throws(PolicyError) -> CompiledPolicy {
        let base = suite["base"]?.stringValue.map { (file: "safety.yaml", bytes: Array($0.utf8)) }
        let fragments = (suite["fragments"]?.objectValue ?? [:]).map { PolicyFragment(key: $0.key, bundle: $0.value) }
        var strict: [String: TopicDeclaration] = [:]
        for (topic, declaration) in suite["strict"]?.objectValue ?? [:] {
            strict[topic] = TopicDeclaration(
                riskTags: declaration["risk_tags"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                requires: declaration["requires"]?.arrayValue?.compactMap(\.stringValue) ?? []
            )
        }
        return CompiledPolicy(try PolicySet(base: base, fragments: fragments), strictTopics: strict)
    }

    private static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}

private func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

/// Compiles a single policy text as the base file.
func compile(_ yaml: String, strict: [String: TopicDeclaration] = [:]) throws -> CompiledPolicy {
    CompiledPolicy(
        try PolicySet(base: (file: "safety.yaml", bytes: Array(yaml.utf8)), fragments: []),
        strictTopics: strict
    )
}

/// Parses a policy text and returns the error it raises.
func parseError(_ yaml: String, file: String = "policy.yaml") -> PolicyError? {
    do {
        _ = try PolicyDocument.parse(Array(yaml.utf8), file: file)
        return nil
    } catch {
        return error
    }
}
