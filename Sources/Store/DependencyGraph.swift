/// The tasks of one task list (same external id) and how they depend on each other: what
/// Quant's `GET .../tasks/{taskListId}/dependency-graph` renders.
public struct DependencyGraph: Sendable, Equatable {
    /// The list's live tasks, newest first (ties: newest insertion first), with summary
    /// fields and `dependsOn` filled (`detailJSON` is `"{}"`).
    public var tasks: [TaskRecord]
    /// id -> ids of tasks in the list that depend on it (newest first). Every task has an entry.
    public var dependents: [String: [String]]
    /// Tasks that depend on no task of the list.
    public var roots: [String]
    /// Tasks no task of the list depends on.
    public var leaves: [String]

    public init(tasks: [TaskRecord], dependents: [String: [String]], roots: [String], leaves: [String]) {
        self.tasks = tasks
        self.dependents = dependents
        self.roots = roots
        self.leaves = leaves
    }
}
