import FastAPI
import HTTP1
import Synchronization

/// The vendor's documented rate-limit surface (`X-RateLimit-Limit`, `X-RateLimit-Remaining`,
/// `X-RateLimit-Reset` in UTC epoch seconds, and `Retry-After` on 429), as a fixed one-minute
/// window per workspace on the store clock, windows aligned to the minute. The vendor limits
/// "per organization" without publishing numbers; the limit is `--amigo-rate-limit`.
/// Counts live in memory: a restart forgets them, as a real window would soon anyway.
final class AmigoRateLimiter: Sendable {
    struct Decision: Equatable {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        /// Epoch seconds at which the window resets.
        var reset: Int64
        /// Whole seconds until the reset, at least 1 (for `Retry-After`).
        var retryAfter: Int64

        func apply(to headers: inout HTTPHeaders) {
            headers.replaceOrAdd(name: "X-RateLimit-Limit", value: String(limit))
            headers.replaceOrAdd(name: "X-RateLimit-Remaining", value: String(remaining))
            headers.replaceOrAdd(name: "X-RateLimit-Reset", value: String(reset))
            if !allowed { headers.replaceOrAdd(name: "Retry-After", value: String(retryAfter)) }
        }
    }

    private struct Window { var start: Int64; var count: Int }

    static let windowMillis: Int64 = 60_000
    /// Past this many tracked workspaces, windows that have ended are dropped.
    private static let pruneThreshold = 10_000

    let limit: Int
    private let windows = Mutex<[String: Window]>([:])

    init(limit: Int) { self.limit = limit }

    /// Counts one request for `workspace` at `now` (ms) unless the window is used up.
    func take(_ workspace: String, now: Int64) -> Decision {
        let start = now - ((now % Self.windowMillis) + Self.windowMillis) % Self.windowMillis
        let end = start + Self.windowMillis
        let count: Int = windows.withLock { w in
            if w.count > Self.pruneThreshold { w = w.filter { $0.value.start >= start } }
            var win = w[workspace] ?? Window(start: start, count: 0)
            if win.start != start { win = Window(start: start, count: 0) }
            if win.count < limit { win.count += 1 } else { w[workspace] = win; return limit + 1 }
            w[workspace] = win
            return win.count
        }
        let allowed = count <= limit
        return Decision(allowed: allowed, limit: limit, remaining: max(0, limit - count), reset: (end + 999) / 1000,
                        retryAfter: max(1, (end - now + 999) / 1000))
    }
}
