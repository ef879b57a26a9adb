/// The status side effects the vendor documents for updateTask, applied on create as well
/// (creating a task straight into a status counts as a change from nothing to it).
extension QuantTask {
    /// Moves the task from `old` (nil on create) to `new` at `now`:
    /// - to `in_progress`: `startedAt = now` when coming from `pending` (documented) or when
    ///   it was never set (first entry from any other status);
    /// - to `completed`/`failed`/`cancelled`: `completedAt = now`; to any other status the
    ///   stale `completedAt` is cleared;
    /// - to `completed`: `expiresAt = completedAt + ttl` (no expiry when ttl <= 0); any other
    ///   status clears `expiresAt` (only completed tasks have the TTL);
    /// - to `blocked`: `blockedAt = now`;
    /// - from `blocked` to `in_progress` or `pending`: blockedReason, blockedByTaskIds and
    ///   blockedAt are cleared.
    /// Setting the status it already has changes nothing.
    mutating func transition(from old: QuantStatus?, to new: QuantStatus, now: Int64, completedTTLMillis ttl: Int64) {
        guard old != new else { return }
        status = new.rawValue
        if new == .inProgress && (old == nil || old == .pending || startedAt == nil) {
            startedAt = now
        }
        completedAt = new.isTerminal ? now : nil
        expiresAt = (new == .completed && ttl > 0) ? Self.adding(now, ttl) : nil
        if new == .blocked { blockedAt = now }
        if old == .blocked && (new == .inProgress || new == .pending) {
            blockedReason = nil
            blockedByTaskIds = nil
            blockedAt = nil
        }
    }

    /// `a + b`, saturating instead of trapping (a huge `--quant-completed-ttl` means "never").
    static func adding(_ a: Int64, _ b: Int64) -> Int64 {
        let (v, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : v
    }
}
