import ArgumentParser
import PackHost
import StructuredData

/// `packctl run WORKFLOW`: starts a workflow run on the embedded host or a running one.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a workflow run (embedded, or on a running host with --host).",
        discussion: """
            Prints the run id. The input is --input, --input-file, or --example [N]: example N (default 0) of the \
            workflow's input_schema.examples, which reference workflows carry so they run against the pack's \
            emulator demo data in packctl dev. With --wait, waits until the run has finished or is waiting for an \
            approval, its own or a subworkflow's (then prints how to approve it); embedded, the command runs the host \
            and the built-in workers of the installed \
            packs meanwhile. Without --wait, an embedded run moves on the next time a command opens the data folder \
            (run --wait, approve, serve, dev).
            Exit codes: 0 started, succeeded, or waiting for an approval; 1 failed, cancelled, timed out, or \
            --timeout passed first; 2 unusable input (unknown workflow, input that is not JSON or does not match \
            the workflow's input_schema, an example number the workflow does not have, a host that cannot be reached or refuses the key).
            """
    )

    @OptionGroup var data: HostDataOptions
    @OptionGroup var target: HostTargetOptions

    @Argument(help: "The workflow id (for example hello.greet).")
    var workflow: String

    @Option(name: .long, help: "The run input as a JSON object (default {}).")
    var input: String?

    @Option(name: .long, help: "A file holding the run input as JSON ('-' for standard input).")
    var inputFile: String?

    @Flag(name: .long, help: "Run an example input of the workflow (its input_schema.examples).")
    var example = false

    @Argument(help: "With --example: which example, counting from 0 (default 0).")
    var exampleNumber: Int?

    @Flag(name: .long, help: "Plan steps with side effects instead of running them.")
    var dryRun = false

    @Option(name: .long, help: "A second start with the same key returns the first run.")
    var idempotencyKey: String?

    @Flag(name: .long, help: "Wait until the run has finished or waits for an approval.")
    var wait = false

    @Option(name: .long, help: "With --wait: give up after this many seconds.")
    var timeout: Int = 120

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if input != nil && inputFile != nil { throw ValidationError("give either --input or --input-file, not both") }
        if example && (input != nil || inputFile != nil) {
            throw ValidationError("give either --example or --input/--input-file, not both")
        }
        if let exampleNumber {
            guard example else {
                throw ValidationError("unexpected argument \(exampleNumber): an example number goes with --example")
            }
            guard exampleNumber >= 0 else { throw ValidationError("--example \(exampleNumber): count examples from 0") }
        }
        if timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() async throws {
        var inputValue = try RunInput.parse(text: input, file: inputFile, format: format)
        let session: HostSession
        do {
            session = try await HostSession.open(data: data, target: target, running: true)
        } catch {
            throw failHostCommand(error, format: format)
        }
        let status: ExitCode
        do {
            if example {
                let definition = try await session.control.workflow(workflow)
                inputValue = try RunInput.example(exampleNumber ?? 0, of: definition, workflow: workflow)
            }
            let id = try await session.control.startRun(
                workflowID: workflow,
                input: inputValue,
                dryRun: dryRun,
                idempotencyKey: idempotencyKey
            )
            if wait {
                let (run, outcome) = try await session.control.waitForRun(id, timeout: .seconds(timeout))
                status = RunReport.print(run, outcome: outcome, format: format)
            } else {
                switch format {
                case .json: print(JSONEncoding.pretty(["run_id": .string(id)]))
                case .text: print(id)
                }
                status = ExitStatus.success
            }
        } catch {
            await session.close()
            throw failHostCommand(error, format: format)
        }
        await session.close()
        if status != ExitStatus.success { throw status }
    }
}

/// Reading `--input` / `--input-file` / `--example`.
enum RunInput {
    /// Example `number` of the workflow's `input_schema.examples`; a clear error naming how many there are.
    static func example(_ number: Int, of definition: JSONValue, workflow: String) throws(HostError) -> JSONValue {
        let examples = definition["input_schema"]?["examples"]?.arrayValue ?? []
        guard !examples.isEmpty else {
            throw HostError(
                .invalidArgument,
                "workflow \(workflow) has no input examples (input_schema.examples); give --input or --input-file"
            )
        }
        guard number < examples.count else {
            let range = examples.count == 1 ? "only example 0" : "examples 0 to \(examples.count - 1)"
            throw HostError(
                .invalidArgument,
                "--example \(number): workflow \(workflow) has \(examples.count) example(s), \(range)"
            )
        }
        guard case .object = examples[number] else {
            throw HostError(
                .invalidArgument,
                "example \(number) of workflow \(workflow) is \(examples[number].typeName), not an input object"
            )
        }
        return examples[number]
    }

    /// The run input: `{}` when none is given; exit 2 naming the problem when it is not a JSON object.
    static func parse(text: String?, file: String?, format: OutputFormat) throws -> JSONValue {
        let bytes: [UInt8]
        let name: String
        if let file {
            bytes = try readInputFile(file)
            name = file
        } else if let text {
            bytes = Array(text.utf8)
            name = "--input"
        } else {
            return [:]
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, file: name).value
        } catch {
            throw failHostCommand(
                HostError(.invalidArgument, "\(error.description) (the input must be JSON)"),
                format: format
            )
        }
        guard case .object = value else {
            throw failHostCommand(
                HostError(.invalidArgument, "\(name): the run input must be a JSON object, not \(value.typeName)"),
                format: format
            )
        }
        return value
    }
}
