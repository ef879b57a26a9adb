import JSON

/// One HTTP header of a webhook delivery, in the order it is sent.
public struct DeliveryHeader: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// `[["name","value"],...]`: the `outbox.headers_json` form (an array keeps order and
    /// repeated names).
    static func encode(_ headers: [DeliveryHeader]) -> String {
        var w = JSONWriter(capacity: 32 + headers.count * 48)
        w.beginArray()
        for h in headers {
            w.beginArray()
            w.string(h.name)
            w.string(h.value)
            w.endArray()
        }
        w.endArray()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// The inverse of `encode`; pairs that are not two strings are skipped.
    static func decode(_ text: String) -> [DeliveryHeader] {
        guard let items = (try? JSONParser.parse(text))?.arrayValue else { return [] }
        return items.compactMap { pair in
            guard let p = pair.arrayValue, p.count == 2, let n = p[0].stringValue, let v = p[1].stringValue else { return nil }
            return DeliveryHeader(n, v)
        }
    }
}

/// Where a delivery stands.
public enum DeliveryStatus: String, Sendable, CaseIterable {
    /// Waiting for its next attempt (`nextAttemptAt`).
    case pending
    /// A 2xx came back (as the worker judged it).
    case delivered
    /// The worker gave up; `TaskStore`'s `replayDelivery` makes it pending again.
    case undelivered
}

/// An event to deliver, as a dialect enqueues it in the transaction of the state change that
/// causes it (`WriteTransaction.enqueueDelivery`).
public struct NewDelivery: Sendable, Equatable {
    public var dialect: String
    public var tenant: String
    /// Unique per dialect: enqueueing the same event id again returns the first delivery.
    public var eventID: String
    /// The URL to POST to.
    public var target: String
    public var headers: [DeliveryHeader]
    /// The exact bytes to send (a signature is over these bytes).
    public var body: [UInt8]
    /// When the first attempt is due; nil: at once (the transaction's `now`).
    public var notBefore: Int64?

    public init(dialect: String, tenant: String, eventID: String, target: String, headers: [DeliveryHeader] = [],
                body: [UInt8], notBefore: Int64? = nil) {
        self.dialect = dialect
        self.tenant = tenant
        self.eventID = eventID
        self.target = target
        self.headers = headers
        self.body = body
        self.notBefore = notBefore
    }
}

/// A delivery as the outbox keeps it.
public struct DeliveryRecord: Sendable, Equatable {
    /// The store's id (increasing in enqueue order).
    public var id: Int64
    public var dialect: String
    public var tenant: String
    public var eventID: String
    public var target: String
    public var headers: [DeliveryHeader]
    public var body: [UInt8]
    public var createdAt: Int64
    public var status: DeliveryStatus
    /// Attempts ever made (they are numbered 1... in `deliveryAttempts`).
    public var attempts: Int64
    /// Attempts since it was enqueued or last replayed: what a retry schedule counts.
    public var roundAttempts: Int64
    /// When a pending delivery is due; nil otherwise.
    public var nextAttemptAt: Int64?
    /// The HTTP status of the last attempt, if it got one.
    public var lastStatus: Int64?
    /// Why the last attempt failed (connection refused, timeout, a non-2xx), if it did.
    public var lastError: String?
    public var deliveredAt: Int64?
}

/// One recorded attempt.
public struct DeliveryAttempt: Sendable, Equatable {
    public var attempt: Int64
    public var at: Int64
    public var httpStatus: Int64?
    public var error: String?
    public var durationMillis: Int64

    public init(attempt: Int64, at: Int64, httpStatus: Int64?, error: String?, durationMillis: Int64) {
        self.attempt = attempt
        self.at = at
        self.httpStatus = httpStatus
        self.error = error
        self.durationMillis = durationMillis
    }
}

/// What an attempt means for the delivery; the worker decides (its retry schedule, what
/// counts as success).
public enum DeliveryOutcome: Sendable, Equatable {
    /// Done: status delivered.
    case delivered
    /// Failed; try again at this instant (status stays pending).
    case retry(at: Int64)
    /// Failed for the last time: status undelivered (a replay can revive it).
    case giveUp
}

/// Which deliveries to list: newest first (by id), at most `limit` (clamped to 0...1000),
/// optionally before an id (the last id of the previous page).
public struct DeliveryFilter: Sendable, Equatable {
    public var dialect: String?
    public var tenant: String?
    public var status: DeliveryStatus?
    public var limit: Int
    public var beforeID: Int64?

    public init(dialect: String? = nil, tenant: String? = nil, status: DeliveryStatus? = nil, limit: Int = 50,
                beforeID: Int64? = nil) {
        self.dialect = dialect
        self.tenant = tenant
        self.status = status
        self.limit = limit
        self.beforeID = beforeID
    }
}

extension DeliveryRecord: StoredRow {
    static var blank: DeliveryRecord {
        DeliveryRecord(id: 0, dialect: "", tenant: "", eventID: "", target: "", headers: [], body: [], createdAt: 0,
                       status: .pending, attempts: 0, roundAttempts: 0)
    }

    static func columns<V: ColumnVisitor>(_ v: inout V, _ r: inout DeliveryRecord) {
        v.visit("id", .generated, &r.id)
        v.visit("dialect", .value, &r.dialect)
        v.visit("tenant", .value, &r.tenant)
        v.visit("event_id", .value, &r.eventID)
        v.visit("target", .value, &r.target)
        var headers = V.readsRow ? "" : DeliveryHeader.encode(r.headers)
        v.visit("headers_json", .value, &headers)
        if V.readsRow { r.headers = DeliveryHeader.decode(headers) }
        var body: [UInt8]? = r.body
        v.visit("body", .value, &body)
        r.body = body ?? []
        v.visit("created_at", .value, &r.createdAt)
        var status = r.status.rawValue
        v.visit("status", .value, &status)
        if V.readsRow { r.status = DeliveryStatus(rawValue: status) ?? .pending }
        v.visit("attempts", .value, &r.attempts)
        v.visit("round_attempts", .value, &r.roundAttempts)
        v.visit("next_attempt_at", .value, &r.nextAttemptAt)
        v.visit("last_status", .value, &r.lastStatus)
        v.visit("last_error", .value, &r.lastError)
        v.visit("delivered_at", .value, &r.deliveredAt)
    }
}

enum DeliveryColumns {
    static let set = ColumnSet<DeliveryRecord>(table: "outbox")

    static func decode(_ st: Statement) -> DeliveryRecord {
        var r = DeliveryRecord.blank
        set.decode(st, into: &r)
        return r
    }
}
