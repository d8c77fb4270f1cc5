import APIContracts
import StructuredData

/// A description from YAML text.
func document(_ yaml: String) throws(APIContractsError) -> APIDocument {
    try APIDocument(bytes: Array(yaml.utf8), file: "test.yaml")
}

/// The violations of one exchange.
func violations(
    _ document: APIDocument,
    _ method: String,
    _ url: String,
    headers: [String: String] = [:],
    body: String = "",
    status: Int = 200,
    responseHeaders: [String: String] = ["content-type": "application/json"],
    responseBody: String = ""
) -> [ContractViolation] {
    let exchange = HTTPExchange(
        request: HTTPExchange.Request(method: method, url: url, headers: headers, body: body),
        response: HTTPExchange.Response(status: status, headers: responseHeaders, body: responseBody)
    )
    return ContractValidator(document: document).check(exchange)
}
