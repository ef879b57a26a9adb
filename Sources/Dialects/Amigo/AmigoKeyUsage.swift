import FastAPI
import Synchronization

/// Throttles `last_used_at` updates: a key that authenticates is recorded at most once a
/// minute, so strict-mode reads do not each turn into a write.
final class AmigoKeyUsage: Sendable {
    static let intervalMillis: Int64 = 60_000
    private static let maxTracked = 100_000
    private let last = Mutex<[String: Int64]>([:])

    /// True if the use at `now` should be written.
    func shouldRecord(_ key: String, now: Int64) -> Bool {
        last.withLock { m in
            if let t = m[key], now - t < Self.intervalMillis, now >= t { return false }
            if m.count >= Self.maxTracked { m.removeAll(keepingCapacity: true) }
            m[key] = now
            return true
        }
    }
}
