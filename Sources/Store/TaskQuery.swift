/// A list query: one dialect and tenant, optional equality filters (combined with AND),
/// newest first (createdAt DESC, then the newest insertion: `seq` DESC). Each filter has an
/// index whose order is the result order, so a query reads `limit` index entries however
/// large the table is.
public struct TaskQuery: Sendable, Equatable {
    public var dialect: String
    public var tenant: String
    public var status: String? = nil
    /// Amigo `call_sid`, Quant `taskListId`, Chamelio `task_id`.
    public var externalID: String? = nil
    /// Quant `assignedAgentId`.
    public var assignee: String? = nil
    /// Only tasks whose dependsOn contains this id (served by the reverse edge index).
    public var dependsOn: String? = nil
    /// At most this many results (clamped to 0...10_000).
    public var limit: Int = 50
    /// false: `detailJSON` is `"{}"` and `dependsOn` is `[]` (lists show summaries; skipping
    /// the detail column and the edge lookups makes a list cheaper).
    public var full: Bool = false

    public init(dialect: String, tenant: String) {
        self.dialect = dialect
        self.tenant = tenant
    }
}
