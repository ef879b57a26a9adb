import HTTP1
import Testing
@testable import Amigo

/// `--amigo-rate-limit`: per-workspace fixed minute windows with the vendor's headers.
@Suite struct AmigoRateLimitTests {
    typealias H = AmigoHarness
    let ws = H.workspace

    @Test func offByDefaultMeansNoHeaders() async throws {
        let h = try H()
        let r = await h.get("/v1/\(ws)/tasks/x")
        #expect(r.headers["X-RateLimit-Limit"] == nil)
    }

    @Test func headersCountDownThen429WithRetryAfterThenANewWindow() async throws {
        let h = try H { $0.rateLimitPerMinute = 2 }
        // 12:00:00.000 is the start of a window that resets at 12:01:00 (epoch 1778068860).
        h.clock.advance(byMillis: 15_000)
        let a = await h.get("/v1/\(ws)/tasks/x")
        #expect(a.status == 404)
        #expect(a.headers["X-RateLimit-Limit"] == "2")
        #expect(a.headers["X-RateLimit-Remaining"] == "1")
        #expect(a.headers["X-RateLimit-Reset"] == "1778068860")
        #expect(a.headers["Retry-After"] == nil)
        let b = await h.get("/v1/\(ws)/tasks/by-call/c")
        #expect(b.status == 200)
        #expect(b.headers["X-RateLimit-Remaining"] == "0")
        let c = await h.get("/v1/\(ws)/api-keys")
        #expect(c.status == 429)
        #expect(c.text == #"{"detail":"Rate limit exceeded"}"#)
        #expect(c.headers["Retry-After"] == "45")
        #expect(c.headers["X-RateLimit-Remaining"] == "0")
        // Other workspaces have their own budget.
        #expect(await h.get("/v1/\(H.otherWorkspace)/tasks/x").status == 404)
        h.clock.advance(byMillis: 45_000)
        let d = await h.get("/v1/\(ws)/tasks/x")
        #expect(d.status == 404)
        #expect(d.headers["X-RateLimit-Remaining"] == "1")
        #expect(d.headers["X-RateLimit-Reset"] == "1778068920")
    }

    @Test func limitedEvenWithoutCredentialsAndHeadersOnErrors() async throws {
        let h = try H { $0.rateLimitPerMinute = 1 }
        let a = await h.get("/v1/\(ws)/tasks/x", headers: [])
        #expect(a.status == 401)
        #expect(a.headers["X-RateLimit-Remaining"] == "0")
        #expect(await h.get("/v1/\(ws)/tasks/x").status == 429)
    }

    @Test func sameWorkspaceInAnotherSpellingSharesTheBudget() async throws {
        let h = try H { $0.rateLimitPerMinute = 1 }
        _ = await h.get("/v1/\(ws)/tasks/x")
        #expect(await h.get("/v1/\(ws.uppercased())/tasks/x").status == 429)
    }

    @Test func limiterUnit() {
        let l = AmigoRateLimiter(limit: 3)
        let t: Int64 = 1_778_068_859_500
        #expect(l.take("a", now: t).remaining == 2)
        #expect(l.take("a", now: t).remaining == 1)
        #expect(l.take("a", now: t).allowed)
        let no = l.take("a", now: t)
        #expect(!no.allowed)
        #expect(no.retryAfter == 1)
        #expect(l.take("a", now: t + 500).allowed)
    }
}
