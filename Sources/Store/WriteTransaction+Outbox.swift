/// The webhook outbox inside a write: enqueue in the transaction of the state change that
/// causes the event (so an event exists if and only if its change committed), then the
/// delivery worker records each attempt. docs/store.md, "Outbox".
extension WriteTransaction {
    /// Queues an event for delivery and returns its delivery id. Enqueueing an event id the
    /// dialect already enqueued returns the existing delivery's id and changes nothing.
    @discardableResult
    public func enqueueDelivery(_ d: NewDelivery) throws(StoreError) -> Int64 {
        let row = DeliveryRecord(id: 0, dialect: d.dialect, tenant: d.tenant, eventID: d.eventID, target: d.target,
                                 headers: d.headers, body: d.body, createdAt: now, status: .pending, attempts: 0,
                                 roundAttempts: 0, nextAttemptAt: d.notBefore ?? now)
        var st = try connection.statement(.insertDelivery)
        defer { st.reset() }
        DeliveryColumns.set.bind(row, to: st)
        if try st.step() {
            let id = st.int64(0)
            try st.run()
            return id
        }
        var existing = try connection.statement(.deliveryIDByEvent)
        defer { existing.reset() }
        existing.bind(.dialect, d.dialect)
        existing.bind(.eventID, d.eventID)
        guard try existing.step() else { throw .invalid("delivery of event \(d.eventID) neither inserted nor found") }
        return existing.int64(0)
    }

    /// Records one attempt of a pending delivery and applies `outcome`: delivered, retry at
    /// an instant, or give up (undelivered). Returns the updated delivery, or nil (nothing
    /// recorded) if no pending delivery has this id: it was delivered, given up or deleted
    /// meanwhile.
    @discardableResult
    public func recordAttempt(deliveryID: Int64, at: Int64? = nil, httpStatus: Int64?, error: String?,
                              durationMillis: Int64, outcome: DeliveryOutcome) throws(StoreError) -> DeliveryRecord? {
        let time = at ?? now
        var finish = try connection.statement(.finishAttempt)
        defer { finish.reset() }
        finish.bind(.id, deliveryID)
        finish.bind(.httpStatus, httpStatus)
        finish.bind(.error, error)
        switch outcome {
        case .delivered:
            finish.bind(.status, DeliveryStatus.delivered.rawValue)
            finish.bind(.nextAttemptAt, nil as Int64?)
            finish.bind(.at, time)
        case .retry(let next):
            finish.bind(.status, DeliveryStatus.pending.rawValue)
            finish.bind(.nextAttemptAt, next)
            finish.bind(.at, nil as Int64?)
        case .giveUp:
            finish.bind(.status, DeliveryStatus.undelivered.rawValue)
            finish.bind(.nextAttemptAt, nil as Int64?)
            finish.bind(.at, nil as Int64?)
        }
        guard try finish.step() else { return nil }
        let attempt = finish.int64(0)
        try finish.run()
        var log = try connection.statement(.insertAttempt)
        defer { log.reset() }
        log.bind(.outboxID, deliveryID)
        log.bind(.attempt, attempt)
        log.bind(.at, time)
        log.bind(.httpStatus, httpStatus)
        log.bind(.error, error)
        log.bind(.durationMillis, durationMillis)
        try log.run()
        return try TaskStore.readDelivery(connection, id: deliveryID)
    }

    /// Makes a delivery pending again, due at `at` (default now), with a fresh retry round
    /// (`roundAttempts` 0); its attempt history stays. Works from any status (re-sending a
    /// delivered event is a replay too). False if there is no such delivery.
    @discardableResult
    public func replayDelivery(_ id: Int64, at: Int64? = nil) throws(StoreError) -> Bool {
        var st = try connection.statement(.replayDelivery)
        defer { st.reset() }
        st.bind(.id, id)
        st.bind(.nextAttemptAt, at ?? now)
        try st.run()
        return connection.changes > 0
    }

    /// Takes up to `limit` due deliveries for sending and pushes their `nextAttemptAt` to
    /// `now + leaseMillis`, so another poll does not take them again while they are in flight.
    /// If the process dies mid-send, the lease runs out and they are due again: delivery is
    /// at least once. Returns them as they were when due (oldest due first).
    public func claimDueDeliveries(limit: Int, leaseMillis: Int64) throws(StoreError) -> [DeliveryRecord] {
        let due = try TaskStore.readDueDeliveries(connection, now: now, limit: limit)
        guard !due.isEmpty else { return [] }
        var st = try connection.statement(.leaseDelivery)
        defer { st.reset() }
        for d in due {
            st.reset()
            st.bind(.id, d.id)
            st.bind(.nextAttemptAt, now + leaseMillis)
            try st.run()
        }
        return due
    }

    /// Deletes up to `limit` finished (delivered or undelivered) deliveries created before
    /// `before`, with their attempts, and returns how many went. For a retention policy.
    @discardableResult
    public func pruneDeliveries(createdBefore before: Int64, limit: Int) throws(StoreError) -> Int {
        var st = try connection.statement(.pruneDeliveries)
        defer { st.reset() }
        st.bind(.now, before)
        st.bind(.limit, limit)
        try st.run()
        return connection.changes
    }
}
