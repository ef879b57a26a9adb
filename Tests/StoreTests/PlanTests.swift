import Testing
@testable import Store

/// Every list query must be one index range walked in result order: a plan line with
/// `SCAN` means a full scan and `USE TEMP B-TREE` a sort step, and either would make list
/// cost grow with the table.
@Suite struct PlanTests {
    static func assertIndexed(_ plan: [String], using expected: [String], _ comment: Comment? = nil) {
        #expect(!plan.isEmpty, comment)
        for line in plan {
            #expect(!line.contains("SCAN"), "\(line) in \(plan)")
            #expect(!line.contains("TEMP B-TREE"), "\(line) in \(plan)")
        }
        let usesExpected = plan.contains { line in
            expected.contains { $0 == "PRIMARY KEY" ? line.contains("USING PRIMARY KEY") : line.contains("INDEX \($0) ") }
        }
        #expect(usesExpected, "expected one of \(expected) in \(plan)")
    }

    static let combos: [(status: Bool, external: Bool, assignee: Bool, dependsOn: Bool)] = {
        var out: [(Bool, Bool, Bool, Bool)] = []
        for bits in 0..<16 { out.append((bits & 1 != 0, bits & 2 != 0, bits & 4 != 0, bits & 8 != 0)) }
        return out
    }()

    @Test(arguments: 0..<16, [false, true])
    func everyListCombinationUsesAnIndexInOrder(bits: Int, full: Bool) throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let c = Self.combos[bits]
        var q = TaskQuery(dialect: "quant", tenant: "org1")
        q.full = full
        if c.status { q.status = "pending" }
        if c.external { q.externalID = "L1" }
        if c.assignee { q.assignee = "agent" }
        if c.dependsOn { q.dependsOn = "x" }
        var expected: [String]
        if c.dependsOn {
            expected = ["task_edges_reverse"]
        } else {
            expected = []
            if c.status { expected.append("tasks_by_status") }
            if c.external { expected.append("tasks_by_external") }
            if c.assignee { expected.append("tasks_by_assignee") }
            if expected.isEmpty { expected = ["tasks_by_created"] }
        }
        let plan = try store.explain(q)
        Self.assertIndexed(plan, using: expected)
        if c.dependsOn {
            // The join to tasks is a primary-key probe per edge, not a scan.
            #expect(plan.contains { $0.contains("sqlite_autoindex_tasks_1") }, "\(plan)")
        }
    }

    @Test func pointReadUsesTheKey() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        Self.assertIndexed(try store.explain(.taskByKey), using: ["sqlite_autoindex_tasks_1"])
        Self.assertIndexed(try store.explain(.liveExists), using: ["sqlite_autoindex_tasks_1"])
        Self.assertIndexed(try store.explain(.seqOfTask), using: ["sqlite_autoindex_tasks_1"])
        Self.assertIndexed(try store.explain(.edgesOf), using: ["PRIMARY KEY"])
    }

    @Test func reverseIndexServesDependents() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        Self.assertIndexed(try store.explain(.dependentsOf), using: ["task_edges_reverse"])
    }

    @Test func graphSweepAndKeyLookupsUseTheirIndexes() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        Self.assertIndexed(try store.explain(.graphTasks), using: ["tasks_by_external"])
        Self.assertIndexed(try store.explain(.sweepTasks), using: ["tasks_by_expiry"])
        Self.assertIndexed(try store.explain(.sweepAPIKeys), using: ["api_keys_by_expiry"])
        Self.assertIndexed(try store.explain(.apiKeyByHash), using: ["api_keys_by_hash"])
        Self.assertIndexed(try store.explain(.apiKeysOfTenant), using: ["api_keys_by_created"])
    }

    @Test(arguments: [false, true], [false, true])
    func resourceListsWalkTheirIndexInOrder(after: Bool, data: Bool) throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        Self.assertIndexed(try store.explain(sql: SQL.resourceList(after: after, data: data)), using: ["resources_by_created"])
    }

    @Test func keyOutboxCounterAndResourceStatementsUseTheirIndexes() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        Self.assertIndexed(try store.explain(.apiKeyByID), using: ["sqlite_autoindex_api_keys_1"])
        Self.assertIndexed(try store.explain(.touchAPIKey), using: ["sqlite_autoindex_api_keys_1"])
        Self.assertIndexed(try store.explain(.resourceByKey), using: ["sqlite_autoindex_resources_1"])
        Self.assertIndexed(try store.explain(.sweepResources), using: ["resources_by_expiry"])
        Self.assertIndexed(try store.explain(.dueDeliveries), using: ["outbox_due"])
        Self.assertIndexed(try store.explain(.nextDueDelivery), using: ["outbox_due"])
        Self.assertIndexed(try store.explain(.deliveryIDByEvent), using: ["sqlite_autoindex_outbox_1"])
        Self.assertIndexed(try store.explain(.currentSequence), using: ["PRIMARY KEY"])
        Self.assertIndexed(try store.explain(.attemptsOf), using: ["PRIMARY KEY"])
        Self.assertIndexed(try store.explain(sql: SQL.deliveryList(dialect: true, tenant: true, status: false, before: true)),
                           using: ["outbox_by_tenant"])
    }

    /// Exports walk the seq (rowid) range in order; tenants are found by index probes.
    @Test func exportsWalkInsertionOrderAndTenantProbesUseAnIndex() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        for tenant in [false, true] {
            for sql in [SQL.exportTasks(tenant: tenant), SQL.exportResources(tenant: tenant)] {
                let plan = try store.explain(sql: sql)
                #expect(plan.contains { $0.contains("INTEGER PRIMARY KEY (rowid>?)") }, "\(plan)")
                #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
            }
        }
        for table in TaskStore.tenantTables {
            let plan = try store.explain(sql: "SELECT min(tenant) FROM \(table) WHERE dialect = :dialect AND tenant > :tenant")
            #expect(plan.allSatisfy { !$0.contains("SCAN") && !$0.contains("TEMP B-TREE") }, "\(table): \(plan)")
        }
    }

    /// The same list costs the same number of SQLite steps whatever else is in the table.
    @Test func listCostDoesNotGrowWithTheTable() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        var q = TaskQuery(dialect: "quant", tenant: "org1")
        q.status = "pending"
        q.limit = 10
        func fill(_ range: Range<Int>) throws {
            try store.insertAll(range.map { i in
                Fixture.task("t\(i)", status: i % 3 == 0 ? "pending" : "done", external: "L\(i % 7)", created: Fixture.t0 + Int64(i))
            })
        }
        try fill(0..<100)
        let small = try store.cost(of: q)
        try fill(100..<3000)
        let large = try store.cost(of: q)
        #expect(small.rows == 10 && large.rows == 10)
        #expect(small.fullScanSteps == 0 && large.fullScanSteps == 0)
        #expect(small.sorts == 0 && large.sorts == 0)
        #expect(large.vmSteps == small.vmSteps, "\(small) vs \(large)")
    }
}
