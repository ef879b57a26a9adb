/// Outbox reads on pooled connections: what the delivery worker and the control plane see.
extension TaskStore {
    /// Pending deliveries due at `now` (default: the clock's now), oldest due first, at most
    /// `limit`. The worker should rather `claimDueDeliveries` in a write, which also leases
    /// them; this read is for inspection.
    public func dueDeliveries(now: Int64? = nil, limit: Int) throws(StoreError) -> [DeliveryRecord] {
        let at = now ?? clock.nowMillis()
        return try readers.with { conn throws(StoreError) in try TaskStore.readDueDeliveries(conn, now: at, limit: limit) }
    }

    /// When the earliest pending delivery is due (a worker sleeps until then), or nil.
    public func nextDeliveryDue() throws(StoreError) -> Int64? {
        try readers.with { conn throws(StoreError) in
            var st = try conn.statement(.nextDueDelivery)
            defer { st.reset() }
            return try st.step() ? st.optionalInt64(0) : nil
        }
    }

    public func delivery(id: Int64) throws(StoreError) -> DeliveryRecord? {
        try readers.with { conn throws(StoreError) in try TaskStore.readDelivery(conn, id: id) }
    }

    /// The attempts of a delivery, first first.
    public func deliveryAttempts(id: Int64) throws(StoreError) -> [DeliveryAttempt] {
        try readers.with { conn throws(StoreError) in
            var st = try conn.statement(.attemptsOf)
            defer { st.reset() }
            st.bind(.outboxID, id)
            var out: [DeliveryAttempt] = []
            while try st.step() {
                out.append(DeliveryAttempt(attempt: st.int64(0), at: st.int64(1), httpStatus: st.optionalInt64(2),
                                           error: st.optionalText(3), durationMillis: st.int64(4)))
            }
            return out
        }
    }

    /// Deliveries matching the filter, newest first.
    public func deliveries(_ f: DeliveryFilter) throws(StoreError) -> [DeliveryRecord] {
        let limit = min(max(f.limit, 0), 1000)
        if limit == 0 { return [] }
        let shape = (f.dialect != nil ? 1 : 0) | (f.tenant != nil ? 2 : 0) | (f.status != nil ? 4 : 0) | (f.beforeID != nil ? 8 : 0)
        return try readers.with { conn throws(StoreError) in
            var st = try conn.listStatement(.deliveries, shape: shape) {
                SQL.deliveryList(dialect: f.dialect != nil, tenant: f.tenant != nil, status: f.status != nil, before: f.beforeID != nil)
            }
            defer { st.reset() }
            if let d = f.dialect { st.bind(.dialect, d) }
            if let t = f.tenant { st.bind(.tenant, t) }
            if let s = f.status { st.bind(.status, s.rawValue) }
            if let b = f.beforeID { st.bind(.afterID, b) }
            st.bind(.limit, limit)
            var out: [DeliveryRecord] = []
            while try st.step() { out.append(DeliveryColumns.decode(st)) }
            return out
        }
    }

    // MARK: shared with WriteTransaction

    static func readDelivery(_ conn: Connection, id: Int64) throws(StoreError) -> DeliveryRecord? {
        var st = try conn.statement(.deliveryByID)
        defer { st.reset() }
        st.bind(.id, id)
        return try st.step() ? DeliveryColumns.decode(st) : nil
    }

    static func readDueDeliveries(_ conn: Connection, now: Int64, limit: Int) throws(StoreError) -> [DeliveryRecord] {
        let n = min(max(limit, 0), 1000)
        if n == 0 { return [] }
        var st = try conn.statement(.dueDeliveries)
        defer { st.reset() }
        st.bind(.now, now)
        st.bind(.limit, n)
        var out: [DeliveryRecord] = []
        while try st.step() { out.append(DeliveryColumns.decode(st)) }
        return out
    }
}
