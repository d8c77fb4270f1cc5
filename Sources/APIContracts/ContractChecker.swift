/// Checks an exchange log against a description and a pack's exceptions.
///
/// ```swift
/// let checker = ContractChecker(spec: try APIDocument(contentsOf: "github-openapi.yaml"))
/// let report = checker.check(exchanges)
/// #expect(report.passed, "\(report)")
/// ```
public struct ContractChecker: Sendable {
    /// The validator of the description.
    public let validator: ContractValidator
    /// The reviewed exceptions.
    public let exceptions: ContractExceptions

    /// Creates a checker.
    /// - Parameters:
    ///   - spec: the vendor's description.
    ///   - exceptions: the pack's reviewed exceptions.
    ///   - basePath: a base path replacing the description's servers/basePath (see ``ContractValidator``).
    public init(spec: APIDocument, exceptions: ContractExceptions = ContractExceptions(), basePath: String? = nil) {
        validator = ContractValidator(document: spec, basePath: basePath)
        self.exceptions = exceptions
    }

    /// Creates a checker from files: the description and, optionally, the pack's exceptions file.
    /// - Throws: ``APIContractsError`` when a file cannot be read or is not valid.
    public init(specPath: String, exceptionsPath: String? = nil, basePath: String? = nil) throws(APIContractsError) {
        let spec = try APIDocument(contentsOf: specPath)
        let exceptions = try exceptionsPath.map { path throws(APIContractsError) in
            try ContractExceptions(contentsOf: path)
        }
        self.init(spec: spec, exceptions: exceptions ?? ContractExceptions(), basePath: basePath)
    }

    /// Checks a JSON-lines exchange log (an emulator's `requestLog.exchangeLog(redacting:)`).
    /// - Throws: ``APIContractsError`` naming the line that is not an exchange.
    public func check(log: String, file: String = "<log>") throws(APIContractsError) -> ContractReport {
        check(try HTTPExchange.readLog(log, file: file))
    }

    /// Checks every exchange; violations an exception covers are reported as excepted, and exceptions that
    /// covered nothing as stale.
    public func check(_ exchanges: [HTTPExchange]) -> ContractReport {
        var report = ContractReport(exchanges: exchanges.count)
        var used = Set<Int>()
        for (index, exchange) in exchanges.enumerated() {
            for violation in validator.check(exchange, number: index + 1) {
                if let entry = exceptions.entries.firstIndex(where: { $0.covers(violation) }) {
                    used.insert(entry)
                    report.excepted.append(
                        ContractReport.Excepted(violation: violation, exception: exceptions.entries[entry])
                    )
                } else {
                    report.violations.append(violation)
                }
            }
        }
        report.staleExceptions = exceptions.entries.indices.filter { !used.contains($0) }.map { exceptions.entries[$0] }
        return report
    }
}
