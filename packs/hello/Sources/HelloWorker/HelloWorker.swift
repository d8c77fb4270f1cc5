public import Foundation
import StructuredData
public import WorkerKit

/// The hello pack's job handlers: `job.hello.greet` composes a greeting; `job.hello.guestbook.sign` signs the
/// guestbook once per idempotency key, or only returns the plan in a dry run.
public enum HelloWorker {
    /// The topics served.
    public static let greetTopic = "job.hello.greet"
    /// The write topic.
    public static let signTopic = "job.hello.guestbook.sign"

    /// A worker with both handlers, signing into `guestbook`.
    /// - Parameters:
    ///   - guestbook: where signatures go.
    ///   - now: the clock for `signed_at` (injectable for tests).
    public static func make(guestbook: Guestbook = Guestbook(), now: @escaping @Sendable () -> Date = Date.init)
        -> Worker
    {
        var worker = Worker(packID: "hello")
        // The sign handler answers a dry run with the entry it would write, and writes nothing.
        worker.supportsDryRun = true
        worker.handle(greetTopic) { _, input in
            let name = try requiredString(input, "name", limit: 100)
            let language = input["language"]?.stringValue ?? "en"
            return ["greeting": .string(try greeting(name: name, language: language))]
        }
        worker.handle(signTopic) { context, input in
            let name = try requiredString(input, "name", limit: 100)
            let message = try requiredString(input, "message", limit: 500)
            let key =
                context.idempotencyKey.isEmpty
                ? "hello:guestbook:\(name):\(Guestbook.entryID(forKey: message))" : context.idempotencyKey
            if context.isDryRun || input["dry_run"]?.boolValue == true {
                return ["entry_id": .string(Guestbook.entryID(forKey: key)), "created": false, "dry_run": true]
            }
            try context.checkCancellation()
            let time = ISO8601DateFormatter().string(from: now())
            let (entry, created) = await guestbook.sign(key: key, name: name, message: message, at: time)
            return ["entry_id": .string(entry.id), "created": .bool(created), "signed_at": .string(entry.signedAt)]
        }
        return worker
    }

    /// The greeting in one of the pack's languages.
    static func greeting(name: String, language: String) throws(WorkerError) -> String {
        switch language {
        case "en": return "Hello, \(name)!"
        case "fr": return "Bonjour, \(name) !"
        case "de": return "Hallo, \(name)!"
        default:
            throw WorkerError(code: .invalidInput, message: "language \"\(language)\" is not one of en, fr, de.")
        }
    }

    static func requiredString(_ input: JSONValue, _ field: String, limit: Int) throws(WorkerError) -> String {
        guard let value = input[field]?.stringValue, !value.isEmpty, value.count <= limit else {
            throw WorkerError(
                code: .invalidInput,
                message: "\(field) must be a non-empty string of at most \(limit) characters."
            )
        }
        return value
    }
}
