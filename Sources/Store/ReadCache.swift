import Synchronization

/// Rendered read answers (response bodies), kept until the store commits again.
///
/// Why: a Quant get or list costs an SQLite read, a `String` per column and the JSON escaping
/// of every value (callgrind: about a third of a get, two thirds of a list), and clients
/// poll the same task or list over and over between writes. A body rendered once is valid
/// until the next commit or until one of the rows it shows expires, so it can be sent again
/// at the cost of one dictionary lookup.
///
/// Freshness, as fresh as the last commit:
/// - The writer calls `invalidate()` after every transaction, before any of its writers is
///   answered, so a read that starts after a write's answer sees the new generation.
/// - An entry carries the generation taken *before* its read began (`ticket`): if a commit
///   lands during the read, the entry is tagged with the older generation and is never served.
/// - Expiry needs no commit, so an entry also carries the clock time its read ran at and the
///   earliest `expiresAt` among the rows it shows: it is served only at a time in
///   [computedAt, validUntil). A clock set back before computedAt misses too, since rows that
///   expired in between would be live again.
/// - Only this process writes while the cache is on: the store turns it off when the file is
///   not locked to this process (`--db-exclusive-lock false` lets the sqlite3 shell write).
///
/// Bounded: `capacityBytes` counts each entry's key and body (plus a fixed overhead); an
/// entry larger than an eighth of it is not kept; when full, the oldest entries are dropped
/// first. A generation change drops every entry at the next insert. Capacity 0 turns the
/// cache off.
public final class ReadCache: Sendable {
    /// Taken before a read: the generation the answer will be tagged with, and the clock
    /// time the read must use.
    public struct Ticket: Sendable {
        let generation: UInt64
        public let now: Int64
    }

    private struct Entry {
        var bytes: [UInt8]
        var computedAt: Int64
        var validUntil: Int64
        var cost: Int
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Keys in insertion order from `head` on: who goes first when the cache is full. A key
        /// inserted again appears twice (its first place evicts it early, which is harmless);
        /// `compact` keeps the list within a bound of the entries.
        var order: [String] = []
        var head = 0
        /// The generation every entry in `entries` has (entries of an older one are dropped).
        var generation: UInt64 = 0
        var bytes = 0

        mutating func removeAll() {
            entries.removeAll()
            order.removeAll()
            head = 0
            bytes = 0
        }

        /// Drops the oldest entries until `cost` more bytes fit in `capacity`. O(1) a drop:
        /// `Dictionary.first` would scan the buckets emptied by earlier drops, which grows with
        /// every drop (measured: get at 1M tasks, all misses, fell from 14.7k to 9.2k req/s).
        mutating func makeRoom(for cost: Int, capacity: Int) {
            while bytes + cost > capacity, head < order.count {
                let key = order[head]
                head += 1
                if let old = entries.removeValue(forKey: key) { bytes -= old.cost }
            }
            if head >= 1024 && head * 2 >= order.count {
                order.removeFirst(head)
                head = 0
            }
            // Keys inserted again pile up only while nothing is dropped: rebuild then.
            if order.count - head > 2 * entries.count + 1024 {
                order = Array(entries.keys)
                head = 0
            }
        }
    }

    /// Bookkeeping per entry beyond its key and body (dictionary slot, array header).
    static let entryOverhead = 96

    public let capacityBytes: Int
    private let generation = Atomic<UInt64>(0)
    private let state = Mutex(State())
    private let hits = Atomic<Int>(0)
    private let misses = Atomic<Int>(0)

    public init(capacityBytes: Int) {
        self.capacityBytes = max(capacityBytes, 0)
    }

    public var isEnabled: Bool { capacityBytes > 0 }

    /// Answers served from the cache, and reads that had to run (metrics).
    public var hitCount: Int { hits.load(ordering: .relaxed) }
    public var missCount: Int { misses.load(ordering: .relaxed) }
    /// Bytes held now (keys, bodies and overhead).
    public var heldBytes: Int { state.withLock { $0.bytes } }

    /// Every entry becomes stale. Called by the writer after each transaction.
    func invalidate() {
        generation.add(1, ordering: .releasing)
    }

    /// The cached body for `key`, if it was rendered at this generation and is still valid
    /// at `now`.
    public func lookup(_ key: String, now: Int64) -> [UInt8]? {
        guard isEnabled else { return nil }
        let current = generation.load(ordering: .acquiring)
        let found: [UInt8]? = state.withLock { s in
            guard s.generation == current, let e = s.entries[key], e.computedAt <= now, now < e.validUntil else { return nil }
            return e.bytes
        }
        if found != nil { hits.add(1, ordering: .relaxed) } else { misses.add(1, ordering: .relaxed) }
        return found
    }

    /// Call before the read whose answer may be kept; read at `ticket.now`.
    public func ticket(now: Int64) -> Ticket {
        Ticket(generation: generation.load(ordering: .acquiring), now: now)
    }

    /// Keeps `bytes` for `key`, rendered from a read at `ticket.now` that showed rows whose
    /// earliest expiry is `validUntil` (nil: none of them expires). Ignored if a commit has
    /// happened since the ticket was taken, or if the body is too large.
    public func insert(_ key: String, bytes: [UInt8], ticket: Ticket, validUntil: Int64?) {
        guard isEnabled else { return }
        let cost = key.utf8.count + bytes.count + Self.entryOverhead
        guard cost <= capacityBytes / 8 else { return }
        let current = generation.load(ordering: .acquiring)
        guard ticket.generation == current else { return }
        let entry = Entry(bytes: bytes, computedAt: ticket.now,
                          validUntil: validUntil ?? Int64.max, cost: cost)
        state.withLock { s in
            if s.generation != current {
                s.removeAll()
                s.generation = current
            }
            if let old = s.entries.removeValue(forKey: key) { s.bytes -= old.cost }
            s.makeRoom(for: cost, capacity: capacityBytes)
            s.entries[key] = entry
            s.order.append(key)
            s.bytes += cost
        }
    }
}
