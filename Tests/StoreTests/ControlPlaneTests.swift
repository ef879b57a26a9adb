import Testing
@testable import Store

/// The store side of the control plane: scoped resets, tenants, exports.
@Suite struct ControlPlaneTests {
    /// Two dialects, two tenants each, with a bit of everything.
    static func populated() throws -> TaskStore {
        let (store, _) = try Fixture.store()
        try store.writeAndWait { tx in
            for dialect in ["quant", "chamelio"] {
                for tenant in ["t1", "t2"] {
                    try tx.insert(Fixture.task("a", dialect: dialect, tenant: tenant), validateDependencies: true)
                    try tx.insert(Fixture.task("b", dialect: dialect, tenant: tenant, dependsOn: ["a"]), validateDependencies: true)
                    try tx.putResource(ResourceRecord(dialect: dialect, tenant: tenant, kind: "file", id: "f", createdAt: tx.now))
                    try tx.putAPIKey(APIKeyRecord(dialect: dialect, tenant: tenant, keyID: "k",
                                                  secretHash: APIKeyRecord.hash(secret: "s", dialect: dialect, tenant: tenant),
                                                  role: "owner", createdAt: tx.now))
                    try tx.setSetting(dialect: dialect, tenant: tenant, key: "lifecycle", value: "immediate")
                    let id = try tx.enqueueDelivery(NewDelivery(dialect: dialect, tenant: tenant, eventID: "e-\(tenant)",
                                                                target: "http://x", body: [1]))
                    try tx.recordAttempt(deliveryID: id, httpStatus: 500, error: nil, durationMillis: 1, outcome: .retry(at: tx.now))
                }
                _ = try tx.nextSequence(dialect: dialect, name: "task")
            }
        }
        return store
    }

    static func counts(_ store: TaskStore, _ dialect: String, _ tenant: String) throws -> [Int] {
        [try store.list(TaskQuery(dialect: dialect, tenant: tenant)).count,
         try store.resources(ResourceQuery(dialect: dialect, tenant: tenant, kind: "file")).items.count,
         try store.deliveries(DeliveryFilter(dialect: dialect, tenant: tenant)).count,
         try store.apiKeys(dialect: dialect, tenant: tenant).count,
         try store.settings(dialect: dialect, tenant: tenant).count]
    }

    @Test func aTenantResetLeavesEveryOtherTenantAlone() throws {
        let store = try Self.populated()
        defer { store.close() }
        let data = try store.writeAndWait { tx in try tx.deleteTenant(dialect: "quant", tenant: "t1", scope: .data) }
        #expect(data == ResetCounts(tasks: 2, resources: 1, deliveries: 1))
        #expect(try Self.counts(store, "quant", "t1") == [0, 0, 0, 1, 1])  // configuration stays
        #expect(try Self.counts(store, "quant", "t2") == [2, 1, 1, 1, 1])
        #expect(try Self.counts(store, "chamelio", "t1") == [2, 1, 1, 1, 1])
        let rest = try store.writeAndWait { tx in try tx.deleteTenant(dialect: "quant", tenant: "t1", scope: .all) }
        #expect(rest == ResetCounts(apiKeys: 1, settings: 1))  // counters are per dialect: kept
        #expect(try Self.counts(store, "quant", "t1") == [0, 0, 0, 0, 0])
        #expect(try store.currentSequence(dialect: "quant", name: "task") == 1)
        #expect(try store.scalar("SELECT count(*) FROM task_edges WHERE dialect = 'quant' AND tenant = 't1'") == 0)
        #expect(try store.scalar("SELECT count(*) FROM outbox_attempts") == 3)  // the deleted delivery's went with it
    }

    @Test func aDialectResetAndAFullReset() throws {
        let store = try Self.populated()
        defer { store.close() }
        let c = try store.writeAndWait { tx in try tx.deleteDialect("quant") }
        #expect(c == ResetCounts(tasks: 4, resources: 2, deliveries: 2, apiKeys: 2, settings: 2, counters: 1))
        #expect(try store.tenants(dialect: "quant") == [])
        #expect(try store.currentSequence(dialect: "quant", name: "task") == 0)
        #expect(try Self.counts(store, "chamelio", "t2") == [2, 1, 1, 1, 1])
        #expect(try store.currentSequence(dialect: "chamelio", name: "task") == 1)
        let all = try store.writeAndWait { tx in try tx.deleteEverything() }
        #expect(all == ResetCounts(tasks: 4, resources: 2, deliveries: 2, apiKeys: 2, settings: 2, counters: 1))
        for table in ["tasks", "task_edges", "resources", "outbox", "outbox_attempts", "api_keys", "settings", "counters"] {
            #expect(try store.scalar("SELECT count(*) FROM \(table)") == 0, "\(table)")
        }
    }

    @Test func tenantsOfADialectFromEveryTable() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.writeAndWait { tx in
            try tx.insert(Fixture.task("x", tenant: "tasks-only"), validateDependencies: true)
            try tx.putResource(ResourceRecord(dialect: "quant", tenant: "res-only", kind: "k", id: "i", createdAt: 0))
            try tx.putAPIKey(APIKeyRecord(dialect: "quant", tenant: "key-only", keyID: "k", secretHash: "h", role: "r", createdAt: 0))
            try tx.setSetting(dialect: "quant", tenant: "*", key: "k", value: "v")
            try tx.enqueueDelivery(NewDelivery(dialect: "quant", tenant: "outbox-only", eventID: "e", target: "t", body: []))
            try tx.insert(Fixture.task("y", tenant: "res-only"), validateDependencies: true)
            try tx.insert(Fixture.task("z", dialect: "amigo", tenant: "elsewhere"), validateDependencies: true)
            try tx.insert(Fixture.task("e", tenant: ""), validateDependencies: true)
        }
        #expect(try store.tenants(dialect: "quant") == ["", "*", "key-only", "outbox-only", "res-only", "tasks-only"])
        #expect(try store.tenants(dialect: "amigo") == ["elsewhere"])
        #expect(try store.tenants(dialect: "none") == [])
    }

    /// Export pages walk every live task in insertion order with its edges, and seeding the
    /// export into an empty store gives the same tasks back.
    @Test func exportInInsertionOrderRoundTrips() throws {
        let (store, clock) = try Fixture.store()
        defer { store.close() }
        var tasks: [TaskRecord] = []
        for i in 0..<23 {
            // Created times out of order, and some ties: export order is insertion order.
            let tenant = i % 3 == 0 ? "other" : "org1"
            let created = Fixture.t0 + Int64((i * 5) % 7)
            // org1 tasks depend on the previous org1 task (a chain), seeded forward.
            let dependsOn: [String] = (tenant == "org1" && i > 2) ? ["t\((i - 1) % 3 == 0 ? i - 2 : i - 1)"] : []
            tasks.append(Fixture.task("t\(i)", tenant: tenant, external: "L", dependsOn: dependsOn, created: created,
                                      detail: #"{"n":\#(i)}"#))
        }
        tasks.append(Fixture.task("expired", expires: Fixture.t0 + 1))
        try store.insertAll(tasks, validate: false)
        try store.insertAll([Fixture.task("amigo-task", dialect: "amigo")])
        clock.advance(byMillis: 1)
        let live = tasks.filter { $0.id != "expired" }
        var pages: [[TaskRecord]] = []
        var after: ExportCursor?
        repeat {
            let page = try store.exportTasks(dialect: "quant", tenant: nil, after: after, limit: 5)
            pages.append(page.items)
            after = page.next
        } while after != nil
        #expect(pages.flatMap { $0 } == live)
        #expect(pages.dropLast().allSatisfy { $0.count == 5 })
        var org1: [TaskRecord] = []
        try store.forEachTask(dialect: "quant", tenant: "org1", pageSize: 4) { org1.append($0) }
        #expect(org1 == live.filter { $0.tenant == "org1" })

        // Round trip: seed the export into a fresh store; the lists read back the same.
        let (copy, _) = try Fixture.store(clock: clock)
        defer { copy.close() }
        try copy.writeAndWait { tx in for t in live { try tx.upsert(t, validateDependencies: false) } }
        for tenant in ["org1", "other"] {
            var q = TaskQuery(dialect: "quant", tenant: tenant)
            q.full = true
            q.limit = 100
            #expect(try copy.list(q) == store.list(q))
        }
        #expect(try copy.dependencyGraph(dialect: "quant", tenant: "org1", externalID: "L")
                == store.dependencyGraph(dialect: "quant", tenant: "org1", externalID: "L"))
    }

    @Test func resourcesExportWithTheirData() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        var rs: [ResourceRecord] = []
        for i in 0..<7 {
            let isFile = i % 3 == 0
            rs.append(ResourceRecord(dialect: "chamelio", tenant: "o\(i % 2)", kind: isFile ? "file" : "workflow", id: "r\(i)",
                                     data: isFile ? [UInt8(i)] : nil, createdAt: Fixture.t0))
        }
        try store.writeAndWait { [rs] tx in for r in rs { try tx.putResource(r) } }
        let first = try store.exportResources(dialect: "chamelio", tenant: nil, limit: 4)
        let second = try store.exportResources(dialect: "chamelio", tenant: nil, after: first.next, limit: 4)
        #expect(first.items + second.items == rs && second.next == nil)
        #expect(try store.exportResources(dialect: "chamelio", tenant: "o1").items == rs.filter { $0.tenant == "o1" })
    }
}
