import JSON
import Synchronization

/// The request journal: the last `capacity` requests in a ring buffer (WireMock's journal,
/// bounded: its unbounded default is its best-known way to run out of memory). Memory stays
/// flat however long polytask runs: `capacity` entries, each with at most two bodies of
/// `bodyLimit` bytes.
public final class Journal: Sendable {
    private struct Ring {
        var slots: [JournalEntry?]
        var next = 0
        var sequence: UInt64 = 0
    }

    public let capacity: Int
    public let keepBodies: Bool
    public let bodyLimit: Int
    private let ring: Mutex<Ring>

    public init(capacity: Int, keepBodies: Bool = false, bodyLimit: Int = 4096) {
        self.capacity = max(0, capacity)
        self.keepBodies = keepBodies
        self.bodyLimit = max(0, bodyLimit)
        ring = Mutex(Ring(slots: Array(repeating: nil, count: max(0, capacity))))
    }

    /// Takes the next sequence number (at arrival, so the journal orders by arrival).
    public func nextSequence() -> UInt64 {
        ring.withLock { r in
            r.sequence += 1
            return r.sequence
        }
    }

    public func record(_ entry: JournalEntry) {
        guard capacity > 0 else { return }
        var e = entry
        if !keepBodies {
            e.requestBody = nil
            e.responseBody = nil
        }
        ring.withLock { r in
            r.slots[r.next] = e
            r.next = (r.next + 1) % capacity
        }
    }

    /// A body as the journal keeps it: UTF-8 text cut to the limit (invalid bytes replaced).
    public func bodyText(_ bytes: [UInt8]) -> String? {
        guard keepBodies, !bytes.isEmpty else { return nil }
        let cut = bytes.count > bodyLimit ? Array(bytes.prefix(bodyLimit)) : bytes
        return String(decoding: cut, as: UTF8.self)
    }

    public func clear() { ring.withLock { r in r.slots = Array(repeating: nil, count: capacity); r.next = 0 } }

    public var count: Int { ring.withLock { $0.slots.reduce(0) { $0 + ($1 == nil ? 0 : 1) } } }

    /// What `GET /_polytask/requests` filters on; every field given must match.
    public struct Filter: Sendable {
        public var dialect: String?
        public var tenant: String?
        public var method: String?
        /// Matches the path (without the query) exactly, or as a prefix when it ends in `*`.
        public var path: String?
        public var status: Int?
        public var requestID: String?
        public var after: UInt64?
        public var limit: Int = 100

        public init() {}

        func matches(_ e: JournalEntry) -> Bool {
            if let dialect, e.dialect != dialect { return false }
            if let tenant, e.tenant != tenant { return false }
            if let method, e.method != method { return false }
            if let status, e.status != status { return false }
            if let requestID, e.requestID != requestID { return false }
            if let after, e.sequence <= after { return false }
            if let path {
                let p = e.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? e.target
                if path.hasSuffix("*") {
                    if !p.hasPrefix(path.dropLast()) { return false }
                } else if p != path {
                    return false
                }
            }
            return true
        }
    }

    /// Matching entries, newest first, at most `filter.limit`.
    public func entries(_ filter: Filter) -> [JournalEntry] {
        ring.withLock { r in
            var out: [JournalEntry] = []
            guard capacity > 0 else { return out }
            var i = (r.next - 1 + capacity) % capacity
            for _ in 0..<capacity {
                if let e = r.slots[i], filter.matches(e) {
                    out.append(e)
                    if out.count >= filter.limit { break }
                }
                i = (i - 1 + capacity) % capacity
            }
            return out
        }
    }
}
