/// Identifies a task: which dialect owns it, which tenant (Amigo workspace, Quant organisation,
/// NLA key owner, Chamelio organisation) and the vendor-visible id.
public struct TaskKey: Hashable, Sendable, CustomStringConvertible {
    public var dialect: String
    public var tenant: String
    public var id: String
    public init(dialect: String, tenant: String, id: String) {
        self.dialect = dialect
        self.tenant = tenant
        self.id = id
    }
    public var description: String { "\(dialect)/\(tenant)/\(id)" }
}

/// The one neutral task model every dialect maps onto.
///
/// The columns that queries filter or sort on are typed fields. Everything else a vendor shows
/// is kept as two compact JSON object texts in the vendor's own field names:
/// `summaryJSON` (fields a list shows) and `detailJSON` (fields only the full view shows).
/// A dialect renders a response by writing the typed fields and splicing these objects'
/// members (`JSONWriter.members(ofObject:)`), so a read never parses JSON.
public struct TaskRecord: Sendable, Equatable {
    public var dialect: String
    public var tenant: String
    public var id: String
    /// A vendor's secondary id that lists filter on: Amigo `call_sid`, Quant `taskListId`,
    /// Chamelio's integer `task_id` as text. Nil if the vendor has none for this task.
    public var externalID: String?
    public var status: String
    public var title: String
    /// Who the task is assigned to (Quant `assignedAgentId`); lists filter on it.
    public var assignee: String?
    /// Ids (same dialect and tenant) this task depends on, in the order given.
    public var dependsOn: [String]
    /// Vendor fields shown in lists, as a compact JSON object text (`{}` if none).
    public var summaryJSON: String
    /// Vendor fields shown only in the full view, as a compact JSON object text (`{}` if none).
    public var detailJSON: String
    /// Unix milliseconds.
    public var createdAt: Int64
    public var updatedAt: Int64
    public var startedAt: Int64?
    public var completedAt: Int64?
    /// After this instant the task is invisible to every read, and the sweeper deletes it.
    public var expiresAt: Int64?

    public init(dialect: String, tenant: String, id: String, externalID: String? = nil, status: String,
                title: String, assignee: String? = nil, dependsOn: [String] = [], summaryJSON: String = "{}",
                detailJSON: String = "{}", createdAt: Int64, updatedAt: Int64, startedAt: Int64? = nil,
                completedAt: Int64? = nil, expiresAt: Int64? = nil) {
        self.dialect = dialect
        self.tenant = tenant
        self.id = id
        self.externalID = externalID
        self.status = status
        self.title = title
        self.assignee = assignee
        self.dependsOn = dependsOn
        self.summaryJSON = summaryJSON
        self.detailJSON = detailJSON
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.expiresAt = expiresAt
    }

    public var key: TaskKey { TaskKey(dialect: dialect, tenant: tenant, id: id) }
}
