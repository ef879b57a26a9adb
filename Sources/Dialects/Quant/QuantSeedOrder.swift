import Store

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
    static func dependentsFirst(_ records: [TaskRecord]) -> [TaskRecord] {
        struct Key: Hashable { var tenant: String; var id: String }
        var index: [Key: Int] = [:]
        index.reserveCapacity(records.count)
        for (i, r) in records.enumerated() { index[Key(tenant: r.tenant, id: r.id)] = i }
        // Count, per task, the batch tasks that depend on it (the last record of a duplicated
        // id is the one that counts, as the last upsert wins).
        var dependentCount = [Int](repeating: 0, count: records.count)
        var live = [Bool](repeating: false, count: records.count)
        for (_, i) in index { live[i] = true }
        for i in records.indices where live[i] {
            for d in records[i].dependsOn {
                if let j = index[Key(tenant: records[i].tenant, id: d)] { dependentCount[j] += 1 }
            }
        }
        // Kahn's algorithm from the tasks nothing depends on.
        var order: [Int] = []
        order.reserveCapacity(records.count)
        for i in records.indices where live[i] && dependentCount[i] == 0 { order.append(i) }
        var next = 0
        while next < order.count {
            let i = order[next]
            next += 1
            for d in records[i].dependsOn {
                guard let j = index[Key(tenant: records[i].tenant, id: d)] else { continue }
                dependentCount[j] -= 1
                if dependentCount[j] == 0 { order.append(j) }
            }
        }
        // Tasks on a cycle never reach zero; keep them (the store rejects the cycle) and keep
        // the superseded duplicates first, so the last occurrence is still written last.
        var placed = [Bool](repeating: false, count: records.count)
        for i in order { placed[i] = true }
        var out: [TaskRecord] = []
        out.reserveCapacity(records.count)
        for i in records.indices where !live[i] { out.append(records[i]) }
        for i in order { out.append(records[i]) }
        for i in records.indices where live[i] && !placed[i] { out.append(records[i]) }
        return out
    }
}
