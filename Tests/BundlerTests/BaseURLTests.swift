import Bundler
import Foundation
import Testing

@Suite struct BaseURLTests {
    @Test func trailingSlashesAreRemoved() throws {
        #expect(try BaseURL(" https://packs.example.com/mirror// ").text == "https://packs.example.com/mirror")
        #expect(
            try BaseURL("http://localhost:8080").bundleURL(id: "a", version: "1")
                == "http://localhost:8080/packs/a/1/pack.tgz"
        )
    }

    @Test(arguments: [
        "", "  ", "/", "packs.example.com", "/srv/packs", "ftp://x.example.com", "https://",
        "https://u:p@x.example.com", "https://x.example.com/?a=1", "https://x.example.com/#f",
    ])
    func unusableBaseURLsAreRefused(_ text: String) {
        let error = #expect(throws: BundlerError.self) { try BaseURL(text) }
        #expect(error?.code == .invalidBaseURL)
    }

    @Test func theOptionWinsOverTheEnvironmentWhichWinsOverTheDefault() throws {
        let environment = ["PACKS_BASE_URL": "https://env.example.com"]
        #expect(
            try BaseURL.resolve(option: "https://opt.example.com", environment: environment).text
                == "https://opt.example.com"
        )
        #expect(try BaseURL.resolve(option: nil, environment: environment).text == "https://env.example.com")
        #expect(try BaseURL.resolve(option: nil, environment: [:]).text == "https://packs.cordum.io")
    }

    @Test func anEmptyVariableIsAnErrorNotASilentDefault() {
        let error = #expect(throws: BundlerError.self) {
            try BaseURL.resolve(option: nil, environment: ["PACKS_BASE_URL": ""])
        }
        #expect(error?.code == .invalidBaseURL)
        #expect(error?.location == "PACKS_BASE_URL")
    }

    @Test func timestampsUseSourceDateEpochWhenSet() throws {
        #expect(try CatalogTimestamp.resolve(sourceDateEpoch: "0", now: Date()) == "1970-01-01T00:00:00Z")
        #expect(try CatalogTimestamp.resolve(sourceDateEpoch: "951782400", now: Date()) == "2000-02-29T00:00:00Z")
        #expect(
            try CatalogTimestamp.resolve(sourceDateEpoch: nil, now: Date(timeIntervalSince1970: 1_768_564_800))
                == "2026-01-16T12:00:00Z"
        )
        let error = #expect(throws: BundlerError.self) {
            try CatalogTimestamp.resolve(sourceDateEpoch: "yesterday", now: Date())
        }
        #expect(error?.code == .invalidSourceDateEpoch)
    }
}
