/// How the webhook worker delivers one dialect's events from the store's outbox: how long an
/// attempt may take, and when to try again after a failure. A dialect gives its own through
/// `Dialect.webhookPolicy` (Chamelio documents a 10 s deadline and retries after 1 min, 5 min,
/// 30 min and 2 h); the rest get `standard`.
///
/// Delays run on the store clock, so a test can advance the clock through a whole schedule.
public struct WebhookPolicy: Sendable, Equatable {
    /// Connect, send and read the status line, all within this.
    public var timeoutMillis: Int
    /// After the k-th failed attempt (k from 1), the next one comes `retryDelaysMillis[k-1]`
    /// later; after the last delay's attempt fails too, the delivery is `undelivered` (the
    /// control plane can replay it).
    public var retryDelaysMillis: [Int64]

    public init(timeoutMillis: Int, retryDelaysMillis: [Int64]) {
        self.timeoutMillis = timeoutMillis
        self.retryDelaysMillis = retryDelaysMillis
    }

    /// 10 s per attempt; retries after 10 s, 1 min, 5 min, 30 min (polytask's choice where a
    /// vendor documents nothing).
    public static let standard = WebhookPolicy(timeoutMillis: 10_000, retryDelaysMillis: [10_000, 60_000, 300_000, 1_800_000])
}
