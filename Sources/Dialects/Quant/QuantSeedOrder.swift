/// The order in which seeded tasks are written: every task after the tasks it depends on
/// (a topological order of the batch), otherwise as in the file.
///
/// The store checks each upsert for a dependency cycle. It first probes the reverse index
/// for a task that already depends on the new one; only then does it walk the graph from the
/// new task's dependencies, which for a long chain visits every ancestor. Written
/// dependencies-first, a seeded task has no dependent stored yet, the probe is the whole
/// check, and loading stays linear even when a file lists dependents before their
/// dependencies (which, written in file order, would walk the chain for every task).
enum QuantSeedOrder {
    /// What the order needs to know of one seeded task (read before it is validated).
    struct Item: Sendable {
        var tenant: String
        /// nil when the task has no id yet (one is generated; nothing can depend on it).
        var id: String?
        var dependsOn: [String]
    }

    /// Indices into `items`, dependencies first. Every index appears once. When an id repeats
    /// within a tenant, the earlier occurrences come first so that the last one is still
    /// written last (the last upsert wins); tasks on a cycle come at the end, for the store
    /// to reject.
    static func dependenciesFirst(_ items: [Item]) -> [Int] {
        struct Key: Hashable { var tenant: String; var id: String }
        var index: [Key: Int] = [:]
        index.reserveCapacity(items.count)
        for (i, r) in items.enumerated() {
            if let id = r.id { index[Key(tenant: r.tenant, id: id)] = i }
        }
        var live = [Bool](repeating: false, count: items.count)
        for (i, r) in items.enumerated() where r.id == nil { live[i] = true }
        for (_, i) in index { live[i] = true }
        // Per task: how many of its dependencies are in the batch, and who in the batch depends on it.
        var pending = [Int](repeating: 0, count: items.count)
        var dependents = [[Int]](repeating: [], count: items.count)
        for i in items.indices where live[i] {
            for d in items[i].dependsOn {
                if let j = index[Key(tenant: items[i].tenant, id: d)], j != i {
                    pending[i] += 1
                    dependents[j].append(i)
                }
            }
        }
        // Kahn's algorithm from the tasks with no dependency in the batch, in file order.
        var order: [Int] = []
        order.reserveCapacity(items.count)
        for i in items.indices where live[i] && pending[i] == 0 { order.append(i) }
        var next = 0
        while next < order.count {
            let i = order[next]
            next += 1
            for k in dependents[i] {
                pending[k] -= 1
                if pending[k] == 0 { order.append(k) }
            }
        }
        var placed = [Bool](repeating: false, count: items.count)
        for i in order { placed[i] = true }
        var out: [Int] = []
        out.reserveCapacity(items.count)
        for i in items.indices where !live[i] { out.append(i) }
        out.append(contentsOf: order)
        for i in items.indices where live[i] && !placed[i] { out.append(i) }
        return out
    }
}
