/// Read helpers shared by the pooled reads and `WriteTransaction` (same SQL, any connection).
extension TaskStore {
    static func readTask(_ conn: Connection, key: TaskKey, now: Int64) throws(StoreError) -> TaskRecord? {
        var st = try conn.statement(.taskByKey)
        defer { st.reset() }
        st.bind(.dialect, key.dialect)
        st.bind(.tenant, key.tenant)
        st.bind(.id, key.id)
        st.bind(.now, now)
        guard try st.step() else { return nil }
        var r = TaskRow.decode(st, dialect: key.dialect, tenant: key.tenant)
        try TaskRow.loadEdges(into: &r, st, conn)
        return r
    }

    static func readAPIKeys(_ conn: Connection, dialect: String, tenant: String, now: Int64) throws(StoreError) -> [APIKeyRecord] {
        var st = try conn.statement(.apiKeysOfTenant)
        defer { st.reset() }
        st.bind(.dialect, dialect)
        st.bind(.tenant, tenant)
        st.bind(.now, now)
        var out: [APIKeyRecord] = []
        while try st.step() { out.append(APIKeyColumns.decode(st)) }
        return out
    }

    static func readAPIKey(_ conn: Connection, dialect: String, tenant: String, keyID: String, now: Int64) throws(StoreError) -> APIKeyRecord? {
        var st = try conn.statement(.apiKeyByID)
        defer { st.reset() }
        st.bind(.dialect, dialect)
        st.bind(.tenant, tenant)
        st.bind(.keyID, keyID)
        st.bind(.now, now)
        return try st.step() ? APIKeyColumns.decode(st) : nil
    }

    static func readSetting(_ conn: Connection, dialect: String, tenant: String, key: String) throws(StoreError) -> String? {
        var st = try conn.statement(.getSetting)
        defer { st.reset() }
        st.bind(.dialect, dialect)
        st.bind(.tenant, tenant)
        st.bind(.key, key)
        return try st.step() ? st.text(0) : nil
    }

    /// The filter combination of a query as a number in 0..<32 (one statement per shape).
    @inline(__always)
    static func listShape(_ q: TaskQuery) -> Int {
        (q.status != nil ? 1 : 0) | (q.externalID != nil ? 2 : 0) | (q.assignee != nil ? 4 : 0)
            | (q.dependsOn != nil ? 8 : 0) | (q.full ? 16 : 0)
    }

    /// The list SQL for a query's filter combination (one cached statement per combination).
    static func listSQL(_ q: TaskQuery) -> String {
        SQL.list(status: q.status != nil, externalID: q.externalID != nil, assignee: q.assignee != nil,
                 dependsOn: q.dependsOn != nil, full: q.full)
    }

    static func bindList(_ st: Statement, _ q: TaskQuery, now: Int64, limit: Int) {
        st.bind(.dialect, q.dialect)
        st.bind(.tenant, q.tenant)
        if let s = q.status { st.bind(.status, s) }
        st.bind(.now, now)
        if let e = q.externalID { st.bind(.externalID, e) }
        if let a = q.assignee { st.bind(.assignee, a) }
        if let d = q.dependsOn { st.bind(.dependsOn, d) }
        st.bind(.limit, limit)
    }
}
