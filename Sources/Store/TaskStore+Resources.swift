/// Resource, counter and settings reads (pooled connections), and the helpers writes share.
extension TaskStore {
    /// The live resource with this key, with its data, or nil.
    public func resource(_ key: ResourceKey) throws(StoreError) -> ResourceRecord? {
        let now = clock.nowMillis()
        return try readers.with { conn throws(StoreError) in try TaskStore.readResource(conn, key, now: now) }
    }

    /// One page of live resources of a kind, newest first (createdAt DESC, then insertion
    /// order): one index range walked in order, so a page costs `limit` entries however many
    /// there are.
    public func resources(_ q: ResourceQuery) throws(StoreError) -> Page<ResourceRecord> {
        let now = clock.nowMillis()
        let limit = min(max(q.limit, 0), 10_000)
        if limit == 0 { return Page(items: [], next: nil) }
        return try readers.with { conn throws(StoreError) in
            let shape = (q.after != nil ? 1 : 0) | (q.includeData ? 2 : 0)
            var st = try conn.listStatement(.resources, shape: shape) {
                SQL.resourceList(after: q.after != nil, data: q.includeData)
            }
            defer { st.reset() }
            st.bind(.dialect, q.dialect)
            st.bind(.tenant, q.tenant)
            st.bind(.kind, q.kind)
            st.bind(.now, now)
            st.bind(.limit, limit + 1)  // one more says whether there is a next page
            if let a = q.after {
                st.bind(.afterCreatedAt, a.createdAt)
                st.bind(.afterSeq, a.seq)
            }
            var items: [ResourceRecord] = []
            var last: ListCursor?
            while try st.step() {
                if items.count == limit { return Page(items: items, next: last) }
                let r = ResourceColumns.decode(st)
                last = ListCursor(createdAt: r.createdAt, seq: st.int64(ResourceColumns.seq))
                items.append(r)
            }
            return Page(items: items, next: nil)
        }
    }

    /// The counter's last value handed out (0 if never used).
    public func currentSequence(dialect: String, name: String) throws(StoreError) -> Int64 {
        try readers.with { conn throws(StoreError) in try TaskStore.readSequence(conn, dialect: dialect, name: name) }
    }

    /// Every setting of a tenant, by key (export; a dialect reads one with `setting`).
    public func settings(dialect: String, tenant: String) throws(StoreError) -> [String: String] {
        try readers.with { conn throws(StoreError) in
            var st = try conn.statement(.settingsOfTenant)
            defer { st.reset() }
            st.bind(.dialect, dialect)
            st.bind(.tenant, tenant)
            var out: [String: String] = [:]
            while try st.step() { out[st.text(0)] = st.text(1) }
            return out
        }
    }

    // MARK: shared with WriteTransaction

    static func bindResourceKey(_ st: Statement, _ key: ResourceKey) {
        st.bind(.dialect, key.dialect)
        st.bind(.tenant, key.tenant)
        st.bind(.kind, key.kind)
        st.bind(.id, key.id)
    }

    static func readResource(_ conn: Connection, _ key: ResourceKey, now: Int64) throws(StoreError) -> ResourceRecord? {
        var st = try conn.statement(.resourceByKey)
        defer { st.reset() }
        bindResourceKey(st, key)
        st.bind(.now, now)
        return try st.step() ? ResourceColumns.decode(st) : nil
    }

    static func readSequence(_ conn: Connection, dialect: String, name: String) throws(StoreError) -> Int64 {
        var st = try conn.statement(.currentSequence)
        defer { st.reset() }
        st.bind(.dialect, dialect)
        st.bind(.name, name)
        return try st.step() ? st.int64(0) : 0
    }
}
