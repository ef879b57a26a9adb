/// The order in which seeded tasks are written: every task before the tasks it depends on.
///
/// The store checks each upsert for a dependency cycle by walking forward from the new
/// task's dependencies through the tasks already stored. Seed files list tasks oldest first
/// (dependencies before dependents), and in that order each walk visits all of a task's
/// ancestors: quadratic, minutes for 10,000 chained tasks. Written dependents-first, a task's
/// dependencies are not stored yet when it is checked, so each check is O(its own dependsOn)
/// and the whole seed is linear. The stored result is the same either way (edges are keyed by
/// text ids, and seeded dependencies are not validated).
enum QuantSeedOrder {
    /// What the order needs to know of one seeded task (read before it is validated).
    struct Item: Sendable {
        var tenant: String
        /// nil when the task has no id yet (one is generated; nothing can depend on it).
        var id: String?
        var dependsOn: [String]
    }

    /// Indices into `items`, dependents first. Every index appears once. When an id repeats
    /// within a tenant, the earlier occurrences come first so that the last one is still
    /// written last (the last upsert wins); tasks on a cycle come at the end, for the store
    /// to reject.
    static func dependentsFirst(_ items: [Item]) -> [Int] {
        struct Key: Hashable { var tenant: String; var id: String }
        var index: [Key: Int] = [:]
        index.reserveCapacity(items.count)
        for (i, r) in items.enumerated() {
            if let id = r.id { index[Key(tenant: r.tenant, id: id)] = i }
        }
        var live = [Bool](repeating: false, count: items.count)
        for (i, r) in items.enumerated() where r.id == nil { live[i] = true }
        for (_, i) in index { live[i] = true }
        // Per task, the number of batch tasks that depend on it.
        var dependentCount = [Int](repeating: 0, count: items.count)
        for i in items.indices where live[i] {
            for d in items[i].dependsOn {
                if let j = index[Key(tenant: items[i].tenant, id: d)] { dependentCount[j] += 1 }
            }
        }
        // Kahn's algorithm from the tasks nothing depends on.
        var order: [Int] = []
        order.reserveCapacity(items.count)
        for i in items.indices where live[i] && dependentCount[i] == 0 { order.append(i) }
        var next = 0
        while next < order.count {
            let i = order[next]
            next += 1
            for d in items[i].dependsOn {
                guard let j = index[Key(tenant: items[i].tenant, id: d)], j != i else { continue }
                dependentCount[j] -= 1
                if dependentCount[j] == 0 { order.append(j) }
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
