/// Resources and counters inside a write.
extension WriteTransaction {
    // MARK: resources

    /// Inserts the resource, or replaces the one with its key (live or expired; a replaced
    /// row keeps its place in the insertion order).
    public func putResource(_ r: ResourceRecord) throws(StoreError) {
        var st = try connection.statement(.putResource)
        defer { st.reset() }
        ResourceColumns.set.bind(r, to: st)
        try st.run()
    }

    /// The live resource with this key, with its data, or nil.
    public func resource(_ key: ResourceKey) throws(StoreError) -> ResourceRecord? {
        try TaskStore.readResource(connection, key, now: now)
    }

    /// Deletes the resource (live or expired). False if there was none.
    @discardableResult
    public func deleteResource(_ key: ResourceKey) throws(StoreError) -> Bool {
        var st = try connection.statement(.deleteResource)
        defer { st.reset() }
        TaskStore.bindResourceKey(st, key)
        try st.run()
        return connection.changes > 0
    }

    // MARK: counters

    /// The next value of the dialect's counter `name`: 1 the first time, then one more each
    /// call, per store (across tenants). Rolled back with the body if it throws, so a
    /// committed id is never handed out twice.
    public func nextSequence(dialect: String, name: String) throws(StoreError) -> Int64 {
        var st = try connection.statement(.nextSequence)
        defer { st.reset() }
        st.bind(.dialect, dialect)
        st.bind(.name, name)
        guard try st.step() else { throw .invalid("counter \(dialect)/\(name) returned no value") }
        let v = st.int64(0)
        try st.run()
        return v
    }

    /// Makes the counter at least `value`, so the next `nextSequence` is above it (a seed that
    /// brings its own ids).
    public func raiseSequence(dialect: String, name: String, atLeast value: Int64) throws(StoreError) {
        var st = try connection.statement(.raiseSequence)
        defer { st.reset() }
        st.bind(.dialect, dialect)
        st.bind(.name, name)
        st.bind(.value, value)
        try st.run()
    }

    /// The counter's last value handed out (0 if never used).
    public func currentSequence(dialect: String, name: String) throws(StoreError) -> Int64 {
        try TaskStore.readSequence(connection, dialect: dialect, name: name)
    }
}
