import GitHubWorker
import PackTesting
import NIOHTTP1
import Testing
import WorkerKit

/// The ETag cache itself is WorkerKit's (ETagCacheTests there); here: how GitHub profiles key it.
@Suite("ETag cache keys of GitHub profiles")
struct ETagCacheTests {
    @Test func keysSeparateCredentialsNotProfileNames() throws {
        let one = GitHubProfile(name: "p", authentication: .token("ghp_one_token_value", scheme: "Bearer"))
        let two = GitHubProfile(name: "p", authentication: .token("ghp_two_token_value", scheme: "Bearer"))
        let renamed = GitHubProfile(name: "q", authentication: .token("ghp_one_token_value", scheme: "Bearer"))
        #expect(one.credentialIdentity != two.credentialIdentity)
        #expect(one.credentialIdentity == renamed.credentialIdentity)
        #expect(!one.credentialIdentity.description.contains("ghp_one_token_value"))
        #expect(!one.credentialIdentity.digest.contains("ghp_one_token_value"))
        let anonymous = GitHubProfile(name: "p", authentication: .anonymous)
        #expect(anonymous.credentialIdentity == .anonymous)
        // Apps: the App, the installation, the key and the API root all count.
        let app = GitHubAppCredentials(appID: "42", privateKey: TestKeys.app, installationID: "7")
        let otherInstallation = GitHubAppCredentials(appID: "42", privateKey: TestKeys.app, installationID: "8")
        let otherKey = GitHubAppCredentials(appID: "42", privateKey: TestKeys.other, installationID: "7")
        let base = GitHubProfile.defaultBaseURL
        #expect(app.identity(baseURL: base) != otherInstallation.identity(baseURL: base))
        #expect(app.identity(baseURL: base) != otherKey.identity(baseURL: base))
        #expect(app.identity(baseURL: base) != app.identity(baseURL: "https://ghe.example.com/api/v3"))
        #expect(app.identity(baseURL: base) == app.identity(baseURL: base))
        let key = ETagCache.Key(identity: one.credentialIdentity, method: .GET, url: "u")
        #expect(key != ETagCache.Key(identity: two.credentialIdentity, method: .GET, url: "u"))
    }
}
