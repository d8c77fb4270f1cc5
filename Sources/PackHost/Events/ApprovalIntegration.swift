import Foundation
import StructuredData

/// An integration (a Slack or Teams pack's worker, a paging tool) allowed to decide approvals on behalf of
/// people: its id, the secret it signs callbacks with, the tenants it may act for, and who each person it
/// speaks for is on this host. A person missing from ``people`` is refused; the principal a person maps to
/// goes through the same separation-of-duty rules as an API approver.
public struct ApprovalIntegration: Sendable, Hashable {
    /// The id the integration names in `Cordum-Integration`.
    public var id: String
    /// The shared secret of its `Cordum-Signature` (never shown back).
    public var secret: String
    /// The tenants it may act for (`*` for all).
    public var tenants: [String]
    /// Person (as the integration names them, such as a Slack user id) → host principal.
    public var people: [String: String]

    /// Creates an integration.
    public init(id: String, secret: String, tenants: [String], people: [String: String]) {
        self.id = id
        self.secret = secret
        self.tenants = tenants
        self.people = people
    }

    /// Whether it may act for `tenant`.
    public func allows(tenant: String) -> Bool { tenants.contains("*") || tenants.contains(tenant) }

    /// Reads `{"integrations": [{"id", "secret", "tenants": [...], "people": {"person": "principal"}}]}`.
    /// - Throws: `invalid_argument` naming the file and the field that is missing or wrong.
    public static func load(path: String) throws(HostError) -> [ApprovalIntegration] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HostError(.notFound, "no approval integrations file at \"\(path)\"")
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(Array(data), file: path).value
        } catch {
            throw HostError(.invalidArgument, "\(path) is not valid JSON: \(error)")
        }
        guard let items = json["integrations"]?.arrayValue else {
            throw HostError(.invalidArgument, "\(path): \"integrations\" must be an array of integrations")
        }
        var seen: Set<String> = []
        return try items.enumerated().map { index, item throws(HostError) in
            let place = "\(path): integrations[\(index)]"
            guard let id = item["id"]?.stringValue, !id.isEmpty else {
                throw HostError(.invalidArgument, "\(place).id must be a non-empty string")
            }
            guard seen.insert(id).inserted else {
                throw HostError(.invalidArgument, "\(place).id \"\(id)\" is used twice")
            }
            guard let secret = item["secret"]?.stringValue, secret.count >= 16 else {
                throw HostError(.invalidArgument, "\(place).secret must be a string of at least 16 characters")
            }
            guard let tenants = item["tenants"]?.arrayValue?.compactMap(\.stringValue), !tenants.isEmpty else {
                throw HostError(.invalidArgument, "\(place).tenants must list the tenants it may act for (or \"*\")")
            }
            var people: [String: String] = [:]
            for (person, principal) in item["people"]?.objectValue ?? [:] {
                guard let principal = principal.stringValue, !principal.isEmpty else {
                    throw HostError(.invalidArgument, "\(place).people[\"\(person)\"] must name a principal")
                }
                people[person] = principal
            }
            return ApprovalIntegration(id: id, secret: secret, tenants: tenants, people: people)
        }
    }
}
