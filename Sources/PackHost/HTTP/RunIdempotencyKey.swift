import Foundation
import HTTPTypes
import Hummingbird

extension HostAPI {
    /// Where a run start's idempotency key is read, in upstream's order of precedence.
    static let idempotencyHeaders = [HTTPField.Name("Idempotency-Key")!, HTTPField.Name("X-Idempotency-Key")!]
    /// The query forms, after the headers.
    static let idempotencyQueryNames = ["idempotency_key", "idempotency-key"]

    /// The idempotency key of a run start: the first non-blank of the `Idempotency-Key` header, the
    /// `X-Idempotency-Key` header, the `idempotency_key` query parameter and the `idempotency-key` one (upstream's
    /// gateway order); nil when none is given.
    static func runIdempotencyKey(_ request: Request, query: QueryParameters) -> String? {
        let candidates = idempotencyHeaders.map { request.headers[$0] } + idempotencyQueryNames.map(query.string)
        return candidates.lazy.compactMap { $0?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
    }
}
