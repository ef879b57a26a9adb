/// Scoped resets for the control plane (issue 12): one tenant of a dialect, a whole dialect,
/// or everything, each limited to a `ResetScope`. Each runs in the body's transaction, so a
/// reset is all or nothing and other tenants never see half of one.
extension WriteTransaction {
    /// Deletes what `scope` names of one tenant of a dialect. Counters are per dialect, so a
    /// tenant reset leaves them (ids stay unique across the store).
    @discardableResult
    public func deleteTenant(dialect: String, tenant: String, scope: ResetScope) throws(StoreError) -> ResetCounts {
        try reset(dialect: dialect, tenant: tenant, scope: scope.subtracting(.counters))
    }

    /// Deletes what `scope` names of every tenant of a dialect (and its counters, if named).
    @discardableResult
    public func deleteDialect(_ dialect: String, scope: ResetScope = .all) throws(StoreError) -> ResetCounts {
        try reset(dialect: dialect, tenant: nil, scope: scope)
    }

    /// Deletes what `scope` names of every dialect.
    @discardableResult
    public func deleteEverything(scope: ResetScope = .all) throws(StoreError) -> ResetCounts {
        try reset(dialect: nil, tenant: nil, scope: scope)
    }

    private func reset(dialect: String?, tenant: String?, scope: ResetScope) throws(StoreError) -> ResetCounts {
        var counts = ResetCounts()
        if scope.contains(.tasks) {
            // Edges first: then deleting the tasks has no cascade left to do.
            _ = try delete(from: "task_edges", dialect, tenant)
            counts.tasks = try delete(from: "tasks", dialect, tenant)
        }
        if scope.contains(.resources) { counts.resources = try delete(from: "resources", dialect, tenant) }
        if scope.contains(.outbox) { counts.deliveries = try delete(from: "outbox", dialect, tenant) }  // attempts cascade
        if scope.contains(.apiKeys) { counts.apiKeys = try delete(from: "api_keys", dialect, tenant) }
        if scope.contains(.settings) { counts.settings = try delete(from: "settings", dialect, tenant) }
        if scope.contains(.counters), tenant == nil { counts.counters = try delete(from: "counters", dialect, nil) }
        return counts
    }

    /// `DELETE FROM table [WHERE dialect = :dialect [AND tenant = :tenant]]`: each table's
    /// (dialect, tenant) index prefix serves the filter.
    private func delete(from table: String, _ dialect: String?, _ tenant: String?) throws(StoreError) -> Int {
        var sql = "DELETE FROM \(table)"
        if dialect != nil { sql += " WHERE dialect = :dialect" }
        if dialect != nil, tenant != nil { sql += " AND tenant = :tenant" }
        var st = try connection.prepared(text: sql)
        defer { st.reset() }
        if let dialect { st.bind(.dialect, dialect) }
        if dialect != nil, let tenant { st.bind(.tenant, tenant) }
        try st.run()
        return connection.changes
    }
}
