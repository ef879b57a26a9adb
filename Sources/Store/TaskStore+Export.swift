/// Reads for the control plane: which tenants a dialect has, and exports in insertion order
/// (issue 12's seed/export round trip).
extension TaskStore {
    /// The tables whose rows belong to a (dialect, tenant), each indexed by that prefix.
    static let tenantTables = ["tasks", "resources", "api_keys", "settings", "outbox"]

    /// Every tenant of the dialect that has anything stored (tasks, resources, keys,
    /// settings or deliveries), sorted. Each table is probed with `min(tenant) > previous` on
    /// its (dialect, tenant) index, so the cost grows with the number of tenants, not rows.
    public func tenants(dialect: String) throws(StoreError) -> [String] {
        try readers.with { conn throws(StoreError) in
            try conn.inReadTransaction { () throws(StoreError) in
                var all = Set<String>()
                for table in TaskStore.tenantTables {
                    var first = try conn.prepared(text: "SELECT min(tenant) FROM \(table) WHERE dialect = :dialect")
                    first.bind(.dialect, dialect)
                    var current = try first.step() ? first.optionalText(0) : nil
                    first.reset()
                    var next = try conn.prepared(text: "SELECT min(tenant) FROM \(table) WHERE dialect = :dialect AND tenant > :tenant")
                    defer { next.reset() }
                    while let t = current {
                        all.insert(t)
                        next.reset()
                        next.bind(.dialect, dialect)
                        next.bind(.tenant, t)
                        current = try next.step() ? next.optionalText(0) : nil
                    }
                }
                return all.sorted()
            }
        }
    }

    /// One page of a dialect's live tasks (one tenant, or all with `tenant` nil) in insertion
    /// order, full (detail and dependsOn), after `after`. Each page is one snapshot; pages are
    /// not one snapshot together. The walk is the rowid (seq) range, so a page costs `limit`
    /// rows of the dialect plus the other dialects' rows it passes.
    public func exportTasks(dialect: String, tenant: String?, after: ExportCursor? = nil,
                            limit: Int = 500) throws(StoreError) -> ExportPage<TaskRecord> {
        let now = clock.nowMillis()
        let n = min(max(limit, 1), 10_000)
        return try readers.with { conn throws(StoreError) in
            try conn.inReadTransaction { () throws(StoreError) in
                var st = try conn.prepared(text: SQL.exportTasks(tenant: tenant != nil))
                defer { st.reset() }
                st.bind(.dialect, dialect)
                if let tenant { st.bind(.tenant, tenant) }
                st.bind(.afterSeq, after?.seq ?? 0)
                st.bind(.now, now)
                st.bind(.limit, n)
                let tenantColumn = Int32(TaskColumns.set.selected.count), seqColumn = tenantColumn + 1
                var items: [TaskRecord] = []
                var last: Int64 = 0
                while try st.step() {
                    var r = TaskColumns.decode(st, dialect: dialect, tenant: st.text(tenantColumn))
                    try TaskRow.loadEdges(into: &r, st, conn)
                    last = st.int64(seqColumn)
                    items.append(r)
                }
                return ExportPage(items: items, next: items.count == n ? ExportCursor(seq: last) : nil)
            }
        }
    }

    /// Calls `body` with every live task of the dialect (one tenant, or all), in insertion
    /// order, page by page (`exportTasks`).
    public func forEachTask(dialect: String, tenant: String?, pageSize: Int = 500,
                            _ body: (TaskRecord) throws(StoreError) -> Void) throws(StoreError) {
        var after: ExportCursor?
        repeat {
            let page = try exportTasks(dialect: dialect, tenant: tenant, after: after, limit: pageSize)
            for t in page.items { try body(t) }
            after = page.next
        } while after != nil
    }

    /// One page of a dialect's live resources of every kind (one tenant, or all), with
    /// their data, in insertion order.
    public func exportResources(dialect: String, tenant: String?, after: ExportCursor? = nil,
                                limit: Int = 500) throws(StoreError) -> ExportPage<ResourceRecord> {
        let now = clock.nowMillis()
        let n = min(max(limit, 1), 10_000)
        return try readers.with { conn throws(StoreError) in
            var st = try conn.prepared(text: SQL.exportResources(tenant: tenant != nil))
            defer { st.reset() }
            st.bind(.dialect, dialect)
            if let tenant { st.bind(.tenant, tenant) }
            st.bind(.afterSeq, after?.seq ?? 0)
            st.bind(.now, now)
            st.bind(.limit, n)
            var items: [ResourceRecord] = []
            var last: Int64 = 0
            while try st.step() {
                items.append(ResourceColumns.decode(st))
                last = st.int64(ResourceColumns.seq)
            }
            return ExportPage(items: items, next: items.count == n ? ExportCursor(seq: last) : nil)
        }
    }
}
