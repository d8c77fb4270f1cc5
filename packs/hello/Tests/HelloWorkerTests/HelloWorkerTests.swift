import Foundation
import HelloWorker
import StructuredData
import Testing
import WorkerKit

@Suite struct HelloWorkerTests {
    func run(_ topic: String, _ input: JSONValue, key: String = "", dryRun: Bool = false, worker: Worker) async
        -> JobOutcome
    {
        await worker.execute(
            JobContext(jobID: UUID().uuidString, topic: topic, idempotencyKey: key, isDryRun: dryRun, packID: "hello"),
            input: input
        )
    }

    @Test(arguments: [("en", "Hello, Ada!"), ("fr", "Bonjour, Ada !"), ("de", "Hallo, Ada!")])
    func greetsInEachLanguage(_ language: String, _ expected: String) async {
        let outcome = await run(
            HelloWorker.greetTopic,
            ["name": "Ada", "language": .string(language)],
            worker: HelloWorker.make()
        )
        #expect(outcome == .succeeded(["greeting": .string(expected)]))
    }

    @Test func refusesBadInputWithInvalidInput() async {
        let worker = HelloWorker.make()
        #expect(await run(HelloWorker.greetTopic, ["name": ""], worker: worker).error?.code == .invalidInput)
        #expect(
            await run(HelloWorker.greetTopic, ["name": "Ada", "language": "xx"], worker: worker).error?.code
                == .invalidInput
        )
    }

    @Test func signsOncePerIdempotencyKey() async {
        let book = Guestbook()
        let worker = HelloWorker.make(guestbook: book, now: { Date(timeIntervalSince1970: 0) })
        let input: JSONValue = ["name": "Ada", "message": "Hello, Ada!"]
        let first = await run(HelloWorker.signTopic, input, key: "hello:guestbook:Ada", worker: worker)
        let second = await run(HelloWorker.signTopic, input, key: "hello:guestbook:Ada", worker: worker)
        guard case .succeeded(let a) = first, case .succeeded(let b) = second else {
            Issue.record("expected success, got \(first) and \(second)")
            return
        }
        #expect(a["created"] == true)
        #expect(b["created"] == false)
        #expect(a["entry_id"] == b["entry_id"])
        #expect(a["signed_at"] == "1970-01-01T00:00:00Z")
        #expect(await book.all.count == 1)
    }

    @Test func aDryRunReturnsThePlanAndSignsNothing() async {
        let book = Guestbook()
        let worker = HelloWorker.make(guestbook: book)
        let outcome = await run(
            HelloWorker.signTopic,
            ["name": "Ada", "message": "hi"],
            key: "k",
            dryRun: true,
            worker: worker
        )
        #expect(
            outcome
                == .succeeded(["entry_id": .string(Guestbook.entryID(forKey: "k")), "created": false, "dry_run": true])
        )
        #expect(await book.all.isEmpty)
    }
}
