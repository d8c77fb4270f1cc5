import ArgumentParser
import PackFormat
import PackVerification
import PolicyKernel
import StructuredData

/// `packctl policy`: evaluate policy documents offline.
struct Policy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate or explain a policy decision for one request.",
        subcommands: [Evaluate.self, Explain.self]
    )

    /// Options shared by `evaluate` and `explain`.
    struct Inputs: ParsableArguments {
        @Option(
            name: .long,
            help:
                "Policy files. The first is the base policy; each further one is merged as a fragment keyed by its path."
        )
        var policy: [String] = []

        @Option(
            name: .long,
            help: "A fragment, as FILE or KEY=FILE (KEY like <pack>/<name>); fragments merge in byte order of key."
        )
        var fragment: [String] = []

        @Option(name: .long, help: "A pack whose fragments are added and whose topic declarations drive strict mode.")
        var pack: [String] = []

        @Flag(name: .long, help: "Do not add the packs' declared topic tags to the request (upstream behaviour).")
        var noStrict = false

        @Option(name: .long, help: "The request as JSON, @FILE, or - for standard input (Cordum's simulate body).")
        var request: String

        func validate() throws {
            if policy.isEmpty && fragment.isEmpty && pack.isEmpty {
                throw ValidationError("give at least one --policy, --fragment or --pack")
            }
        }

        /// Loads everything and compiles the policy; exits with code 2 on unusable input.
        func load() throws -> (CompiledPolicy, PolicyRequest) {
            let discovery = PackDiscovery.load(pack)
            guard discovery.errors.isEmpty else {
                discovery.errors.forEach { printError("error: \($0)") }
                throw ExitStatus.invalidInput
            }
            var base: (file: String, bytes: [UInt8])?
            var fragments: [PolicyFragment] = []
            for (index, file) in policy.enumerated() {
                let bytes = try readInputFile(file)
                if index == 0 {
                    base = (file, bytes)
                } else {
                    fragments.append(
                        PolicyFragment(key: file, content: String(decoding: bytes, as: UTF8.self), enabled: true)
                    )
                }
            }
            for spec in fragment {
                let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
                let (key, file) = parts.count == 2 ? (parts[0], parts[1]) : (spec, spec)
                let bytes = try readInputFile(file)
                fragments.append(
                    PolicyFragment(key: key, content: String(decoding: bytes, as: UTF8.self), enabled: true)
                )
            }
            let suite = PolicySuite(packs: discovery.packs, basePolicy: base, strict: !noStrict)
            let compiled: CompiledPolicy
            do {
                let set = try PolicySet(base: base, fragments: suite.fragments + fragments)
                compiled = CompiledPolicy(set, strictTopics: suite.strict ? suite.topicDeclarations : [:])
            } catch {
                printError("error: \(error)")
                throw ExitStatus.invalidInput
            }
            let text: [UInt8]
            if request.hasPrefix("@") {
                text = try readInputFile(String(request.dropFirst()))
            } else if request == "-" {
                text = try readInputFile("-")
            } else {
                text = Array(request.utf8)
            }
            do {
                let document = try JSONParser.parse(
                    text,
                    file: request.hasPrefix("@") ? String(request.dropFirst()) : "--request"
                )
                return (compiled, try PolicyRequest(json: document.value))
            } catch {
                printError("error: \(error)")
                throw ExitStatus.invalidInput
            }
        }
    }

    /// `packctl policy evaluate`.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the decision for a request as JSON.",
            discussion: "Exit codes: 0 evaluated (whatever the decision); 2 unusable policy or request."
        )

        @OptionGroup var inputs: Inputs

        func run() throws {
            let (policy, request) = try inputs.load()
            print(JSONEncoding.pretty(policy.evaluate(request).json))
        }
    }

    /// `packctl policy explain`.
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the decision, the rule that matched, and why each earlier rule did not.",
            discussion: "Exit codes: 0 evaluated (whatever the decision); 2 unusable policy or request."
        )

        @OptionGroup var inputs: Inputs

        func run() throws {
            let (policy, request) = try inputs.load()
            print(JSONEncoding.pretty(policy.explain(request).json))
        }
    }
}
