/// Identifies a resource: a document a dialect keeps that is not a task, by kind (an NLA
/// agent, a Chamelio workflow definition or uploaded file), in one dialect and tenant.
public struct ResourceKey: Hashable, Sendable, CustomStringConvertible {
    public var dialect: String
    public var tenant: String
    public var kind: String
    public var id: String

    public init(dialect: String, tenant: String, kind: String, id: String) {
        self.dialect = dialect
        self.tenant = tenant
        self.kind = kind
        self.id = id
    }

    public var description: String { "\(dialect)/\(tenant)/\(kind)/\(id)" }
}

/// A resource as the store keeps it: a compact JSON body the dialect renders from, optional
/// bytes (a file's contents), timestamps and an optional expiry (after which reads no longer
/// see it and the sweeper deletes it), like a task's.
public struct ResourceRecord: Sendable, Equatable {
    public var dialect: String
    public var tenant: String
    public var kind: String
    public var id: String
    /// Compact JSON text (`{}` if none).
    public var bodyJSON: String
    /// Raw bytes (file contents), or nil. Lists leave it nil unless asked (`ResourceQuery.includeData`).
    public var data: [UInt8]?
    /// Unix milliseconds.
    public var createdAt: Int64
    public var updatedAt: Int64
    public var expiresAt: Int64?

    public init(dialect: String, tenant: String, kind: String, id: String, bodyJSON: String = "{}",
                data: [UInt8]? = nil, createdAt: Int64, updatedAt: Int64? = nil, expiresAt: Int64? = nil) {
        self.dialect = dialect
        self.tenant = tenant
        self.kind = kind
        self.id = id
        self.bodyJSON = bodyJSON
        self.data = data
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.expiresAt = expiresAt
    }

    public var key: ResourceKey { ResourceKey(dialect: dialect, tenant: tenant, kind: kind, id: id) }
}

/// A list of one kind of resource of one tenant, newest first (createdAt, then insertion
/// order), at most `limit` (clamped to 0...10_000) after `after`.
public struct ResourceQuery: Sendable, Equatable {
    public var dialect: String
    public var tenant: String
    public var kind: String
    public var limit: Int = 50
    /// Continue after this position (the `next` of the previous page).
    public var after: ListCursor? = nil
    /// Whether items carry `data` (a list of files need not load their contents).
    public var includeData: Bool = false

    public init(dialect: String, tenant: String, kind: String) {
        self.dialect = dialect
        self.tenant = tenant
        self.kind = kind
    }
}

/// A position in a newest-first list: the last item's createdAt and insertion sequence. Its
/// `token` is a string form for continuation tokens in URLs.
public struct ListCursor: Sendable, Hashable, CustomStringConvertible {
    public var createdAt: Int64
    public var seq: Int64

    public init(createdAt: Int64, seq: Int64) {
        self.createdAt = createdAt
        self.seq = seq
    }

    /// `"<createdAt>.<seq>"`.
    public var token: String { "\(createdAt).\(seq)" }

    /// Parses `token`; nil for anything else.
    public init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let c = Int64(parts[0]), let s = Int64(parts[1]) else { return nil }
        self.init(createdAt: c, seq: s)
    }

    public var description: String { token }
}

/// One page of a list and where the next one starts (nil: this was the last page).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: ListCursor?

    public init(items: [Item], next: ListCursor?) {
        self.items = items
        self.next = next
    }
}

extension Page: Equatable where Item: Equatable {}

extension ResourceRecord: StoredRow {
    static var blank: ResourceRecord { ResourceRecord(dialect: "", tenant: "", kind: "", id: "", createdAt: 0) }

    static func columns<V: ColumnVisitor>(_ v: inout V, _ r: inout ResourceRecord) {
        v.visit("dialect", .key, &r.dialect)
        v.visit("tenant", .key, &r.tenant)
        v.visit("kind", .key, &r.kind)
        v.visit("id", .key, &r.id)
        v.visit("body_json", .value, &r.bodyJSON)
        // Lists without data select NULL instead of the bytes.
        v.visit("data", .value(summary: "NULL"), &r.data)
        v.visit("created_at", .value, &r.createdAt)
        v.visit("updated_at", .value, &r.updatedAt)
        v.visit("expires_at", .value, &r.expiresAt)
        var seq: Int64 = 0
        v.visit("seq", .generated, &seq)
    }
}

enum ResourceColumns {
    static let set = ColumnSet<ResourceRecord>(table: "resources")
    static let seq = set.index(of: "seq")

    static func decode(_ st: Statement) -> ResourceRecord {
        var r = ResourceRecord.blank
        set.decode(st, into: &r)
        return r
    }
}
