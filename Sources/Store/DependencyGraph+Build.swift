extension DependencyGraph {
    /// Builds the adjacency of a task list from its tasks (dependsOn filled). Edges to tasks
    /// outside the list are kept in `dependsOn` but ignored for roots, leaves and dependents.
    static func build(_ tasks: [TaskRecord]) -> DependencyGraph {
        var inList = Set<String>()
        for t in tasks { inList.insert(t.id) }
        var dependents: [String: [String]] = [:]
        for t in tasks { dependents[t.id] = [] }
        var roots: [String] = []
        for t in tasks {
            var hasDependency = false
            var seen = Set<String>()
            for d in t.dependsOn where inList.contains(d) && seen.insert(d).inserted {
                hasDependency = true
                dependents[d, default: []].append(t.id)
            }
            if !hasDependency { roots.append(t.id) }
        }
        let leaves = tasks.map(\.id).filter { dependents[$0]?.isEmpty ?? true }
        return DependencyGraph(tasks: tasks, dependents: dependents, roots: roots, leaves: leaves)
    }
}
