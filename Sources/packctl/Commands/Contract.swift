import APIContracts
import ArgumentParser
import StructuredData

/// `packctl contract`: checks of HTTP exchanges against a vendor's API description.
struct Contract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check recorded HTTP exchanges against a Swagger 2.0 or OpenAPI 3.0/3.1 description.",
        subcommands: [Check.self]
    )

    /// `packctl contract check`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check an exchange log against an API description.",
            discussion: """
                The log is JSON lines, one exchange per line: {"request": {"method", "url", "headers", "body"}, \
                "response": {"status", "headers", "body"}} (docs/contracts.md); an emulator's request log \
                exports it (RequestLog.exchangeLog). Each request is matched to its operation (server base \
                path, path template), its parameters and body are checked, then the response's status and body. \
                Violations an --exceptions entry covers are reported as excepted; an entry that covers nothing \
                is reported as stale and fails the check.

                Exit codes: 0 every exchange follows the description; 1 a violation or a stale exception; 2 the \
                description, the log or the exceptions file cannot be used.
                """
        )

        @Option(name: .long, help: "The API description (Swagger 2.0, OpenAPI 3.0 or 3.1; JSON or YAML).")
        var spec: String

        @Option(name: .long, help: "The exchange log (JSON lines); - reads standard input.")
        var log: String

        @Option(name: .long, help: "A reviewed exceptions file (YAML or JSON) listing known gaps of the description.")
        var exceptions: String?

        @Option(
            name: .long,
            help: "Serve every operation under this base path instead of the description's servers/basePath."
        )
        var basePath: String?

        @Option(name: .long, help: "Output format: text or json.")
        var format: OutputFormat = .text

        func run() throws {
            let document: APIDocument
            let known: ContractExceptions
            let exchanges: [HTTPExchange]
            do {
                document = try APIDocument(contentsOf: spec)
                known =
                    try exceptions.map { path throws(APIContractsError) in try ContractExceptions(contentsOf: path) }
                    ?? ContractExceptions()
                exchanges = try HTTPExchange.readLog(String(decoding: try readInputFile(log), as: UTF8.self), file: log)
            } catch let error as APIContractsError {
                printError("\(error)")
                throw ExitStatus.invalidInput
            }
            let report = ContractChecker(spec: document, exceptions: known, basePath: basePath).check(exchanges)
            switch format {
            case .text: print(report)
            case .json: print(JSONEncoding.pretty(report.json))
            }
            if !report.passed { throw ExitStatus.checkFailed }
        }
    }
}
