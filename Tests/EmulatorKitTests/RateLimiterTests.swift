import EmulatorKit
import StructuredData
import Testing

@Suite("Rate-limit budgets")
struct RateLimiterTests {
    let budget = RateLimitBudget(resource: "core", limit: 2, windowSeconds: 60)

    @Test("each request spends the caller's budget; a spent budget answers 429 with Retry-After and the headers")
    func spendAndRefuse() throws {
        let limiter = RateLimiter()
        let first = try limiter.spend(caller: "a", budget: budget, now: 1000)
        #expect(first.used == 1)
        #expect(first.remaining == 1)
        #expect(
            first.headers(limiter.headers, now: 1000) == [
                "x-ratelimit-limit": "2", "x-ratelimit-remaining": "1", "x-ratelimit-used": "1",
                "x-ratelimit-reset": "1060", "x-ratelimit-resource": "core",
            ]
        )
        try limiter.spend(caller: "a", budget: budget, now: 1001)
        #expect(try limiter.spend(caller: "b", budget: budget, now: 1001).used == 1)
        do {
            try limiter.spend(caller: "a", budget: budget, now: 1010)
            Issue.record("the third request should be refused")
        } catch {
            #expect(error.response.status == 429)
            #expect(error.response.headers["retry-after"] == "50")
            #expect(error.response.headers["x-ratelimit-remaining"] == "0")
            #expect(error.response.jsonBody?["code"] == "rate_limited")
            #expect(error.usage.used == 2)
        }
        #expect(try limiter.spend(caller: "a", budget: budget, now: 1060).used == 1)
    }

    @Test("configurable header names: seconds-left reset, vendor answer and status")
    func vendorHeaders() throws {
        let names = RateLimitHeaderNames(
            limit: "X-RateLimit-Limit",
            remaining: "X-RateLimit-Remaining",
            reset: "X-RateLimit-Reset",
            resetStyle: .secondsLeft
        )
        let limiter = RateLimiter(headers: names) { usage in
            .json(["errors": [.string("Rate limit exceeded for \(usage.resource)")]], status: 403)
        }
        let small = RateLimitBudget(resource: "metrics", limit: 1, windowSeconds: 10)
        let usage = try limiter.spend(caller: "k", budget: small, now: 0.5)
        #expect(
            usage.headers(names, now: 0.5) == [
                "x-ratelimit-limit": "1", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "10",
            ]
        )
        do {
            try limiter.spend(caller: "k", budget: small, now: 3)
        } catch {
            #expect(error.response.status == 403)
            #expect(error.response.headers["x-ratelimit-reset"] == "8")
            #expect(error.response.headers["retry-after"] == "8")
        }
        let ietf = RateLimitHeaderNames.rateLimitFields
        #expect(
            Set(usage.headers(ietf, now: 0.5).keys) == ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"]
        )
    }

    @Test("refunds give a request back; reset forgets every window; a ledger is a plain value")
    func refundAndReset() throws {
        let limiter = RateLimiter()
        try limiter.spend(caller: "a", budget: budget, now: 0)
        try limiter.spend(caller: "a", budget: budget, now: 0)
        #expect(limiter.refund(caller: "a", budget: budget)?.used == 1)
        #expect(limiter.refund(caller: "nobody", budget: budget) == nil)
        limiter.reset()
        #expect(limiter.usage(caller: "a", budget: budget, now: 5).used == 0)
        var ledger = RateLimitLedger()
        #expect(!ledger.spend(caller: "x", budget: RateLimitBudget(limit: 1, windowSeconds: 1), now: 0).exceeded)
        #expect(ledger.spend(caller: "x", budget: RateLimitBudget(limit: 1, windowSeconds: 1), now: 0.5).exceeded)
        #expect(!ledger.spend(caller: "x", budget: RateLimitBudget(limit: 1, windowSeconds: 1), now: 1).exceeded)
        #expect(ledger.spend(caller: "z", budget: RateLimitBudget(limit: -3, windowSeconds: 0), now: 0).exceeded)
    }
}
