import Synchronization

/// The read-only connections. A read checks one out, uses it on its own thread, and checks
/// it back in. In WAL mode a reader sees the last commit and never waits for the writer.
///
/// When every pooled connection is busy the read opens an extra connection instead of
/// waiting (so there is no wait and no deadlock, whatever the callers do); the extra one is
/// kept if the pool has room when it comes back, else closed. The pool never holds more than
/// `capacity` idle connections.
///
/// Confinement: a checked-out connection is claimed by the checking-out thread and released
/// on check-in (`Connection.claim()`/`release()`), so debug builds trap on any use from
/// another thread or after check-in.
final class ReaderPool: Sendable {
    private struct State {
        var idle: [Connection]
        var closed: Bool
    }
    private let state: Mutex<State>
    private let capacity: Int
    private let location: StoreLocation
    private let busyTimeoutMillis: Int
    private let cacheKiB: Int
    private let mmapBytes: Int

    init(location: StoreLocation, capacity: Int, busyTimeoutMillis: Int, cacheKiB: Int, mmapBytes: Int) throws(StoreError) {
        self.capacity = max(capacity, 1)
        self.location = location
        self.busyTimeoutMillis = busyTimeoutMillis
        self.cacheKiB = cacheKiB
        self.mmapBytes = mmapBytes
        var idle: [Connection] = []
        for _ in 0..<self.capacity {
            let c = try Connection.open(location, readOnly: true, busyTimeoutMillis: busyTimeoutMillis,
                                        cacheKiB: cacheKiB, mmapBytes: mmapBytes)
            c.release()
            idle.append(c)
        }
        state = Mutex(State(idle: idle, closed: false))
    }

    /// Runs `body` with a connection that no other thread uses meanwhile.
    @inline(__always)
    func with<R>(_ body: (Connection) throws(StoreError) -> R) throws(StoreError) -> R {
        let conn = try checkOut()
        defer { checkIn(conn) }
        return try body(conn)
    }

    private func checkOut() throws(StoreError) -> Connection {
        let taken: Result<Connection?, StoreError> = state.withLock { s in
            if s.closed { return .failure(.closed) }
            return .success(s.idle.popLast())
        }
        switch taken {
        case .failure(let e): throw e
        case .success(let c?):
            c.claim()
            return c
        case .success(nil):
            return try open()  // owned by this thread from the start
        }
    }

    private func open() throws(StoreError) -> Connection {
        try Connection.open(location, readOnly: true, busyTimeoutMillis: busyTimeoutMillis, cacheKiB: cacheKiB, mmapBytes: mmapBytes)
    }

    private func checkIn(_ conn: Connection) {
        conn.release()
        let keep = state.withLock { s in
            guard !s.closed, s.idle.count < capacity else { return false }
            s.idle.append(conn)
            return true
        }
        if !keep { conn.close() }
    }

    /// Closes the idle connections; busy ones are closed when they come back.
    func close() {
        let idle = state.withLock { s in
            s.closed = true
            let idle = s.idle
            s.idle = []
            return idle
        }
        for c in idle { c.close() }
    }
}
