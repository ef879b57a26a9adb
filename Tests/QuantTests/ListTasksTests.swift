import JSON
import Testing

@Suite struct ListTasksTests {
    /// Five tasks in acme, one second apart, newest last created; one in globex.
    func fixture() throws -> (QuantHarness, [String]) {
        let h = try QuantHarness()
        var ids: [String] = []
        ids.append(h.create(#"{"title":"a","taskListId":"world-1","assignedAgentId":"agent-1"}"#)); h.tick()
        ids.append(h.create(#"{"title":"b","taskListId":"world-1","status":"in_progress","assignedAgentId":"agent-1"}"#)); h.tick()
        ids.append(h.create(#"{"title":"c","taskListId":"world-2","assignedAgentId":"agent-2"}"#)); h.tick()
        ids.append(h.create(#"{"title":"d","taskListId":"world-1","status":"in_progress","assignedAgentId":"agent-2"}"#)); h.tick()
        ids.append(h.create(#"{"title":"e","status":"blocked","blockedReason":"wait","blockedByTaskIds":["x"]}"#)); h.tick()
        h.create(#"{"title":"other org","taskListId":"world-1"}"#, org: "globex")
        return (h, ids)
    }

    func ids(_ r: QuantHarness.Reply) -> [String] {
        (r["tasks"]?.arrayValue ?? []).compactMap { $0["taskId"]?.stringValue }
    }

    @Test func standardShapeIsTasksAndCountNewestFirst() throws {
        let (h, all) = try fixture()
        let r = h.get(QuantHarness.tasks())
        #expect(r.status == 200)
        #expect(r.json.keys == ["count", "tasks"])
        #expect(ids(r) == all.reversed())
        #expect(r["count"] == 5)
    }

    @Test func summaryItemsCarryOnlyTheDocumentedSummaryFields() throws {
        let (h, _) = try fixture()
        let r = h.get(QuantHarness.tasks())
        for t in r["tasks"]?.arrayValue ?? [] {
            #expect(Set(t.keys).isSubset(of: QuantFixtures.summaryKeys), "\(t.keys)")
            #expect(t["dependsOn"] == nil && t["metadata"] == nil && t["maxRetries"] == nil)
        }
        let blocked = r["tasks"]?.arrayValue?.first
        #expect(blocked?["blockedReason"] == "wait")
        #expect(blocked?["blockedByTaskIds"] == ["x"])
        #expect(blocked?["progress"] == 0)
    }

    @Test func listItemEqualsTheFullTaskCutToTheSummaryFields() throws {
        let h = try QuantHarness()
        try h.dialect.seed(["quant": [try JSONParser.parse(QuantFixtures.getTaskSpecExample)]])
        let full = h.task("550e8400-e29b-41d4-a716-446655440000", org: "quant").objectValue ?? [:]
        let item = h.get(QuantHarness.tasks("quant"))["tasks"]?.arrayValue?.first
        #expect(item == .object(full.filter { QuantFixtures.summaryKeys.contains($0.key) }))
    }

    @Test func specListItemExampleRoundTripsThroughASeed() throws {
        let h = try QuantHarness()
        let example = try JSONParser.parse(QuantFixtures.listItemExample)
        try h.dialect.seed(["quant": [example]])
        let r = h.get(QuantHarness.tasks("quant"))
        #expect(r["tasks"] == .array([example]))
    }

    @Test func filtersCombineWithAnd() throws {
        let (h, all) = try fixture()
        #expect(ids(h.get(QuantHarness.tasks() + "?taskListId=world-1")) == [all[3], all[1], all[0]])
        #expect(ids(h.get(QuantHarness.tasks() + "?status=in_progress")) == [all[3], all[1]])
        #expect(ids(h.get(QuantHarness.tasks() + "?assignedAgentId=agent-2")) == [all[3], all[2]])
        #expect(ids(h.get(QuantHarness.tasks() + "?taskListId=world-1&status=in_progress&assignedAgentId=agent-1")) == [all[1]])
        #expect(ids(h.get(QuantHarness.tasks() + "?taskListId=world-2&status=in_progress")) == [])
        #expect(h.get(QuantHarness.tasks() + "?taskListId=nope")["count"] == 0)
    }

    @Test func emptyFilterValuesCountAsAbsent() throws {
        let (h, all) = try fixture()
        #expect(ids(h.get(QuantHarness.tasks() + "?status=&taskListId=&limit=")) == all.reversed())
    }

    @Test func limitDefaultsTo50AndCapsTheResult() throws {
        let h = try QuantHarness()
        var tasks: [JSONValue] = []
        for i in 0..<120 {
            tasks.append(["taskId": .string("t\(i)"), "title": "t", "createdAt": .int(QuantHarness.t0 + Int64(i)),
                          "updatedAt": .int(QuantHarness.t0 + Int64(i))])
        }
        try h.dialect.seed(["acme": .array(tasks)])
        let d = h.get(QuantHarness.tasks())
        #expect(d["count"] == 50)
        #expect(ids(d).first == "t119")
        #expect(h.get(QuantHarness.tasks() + "?limit=100")["count"] == 100)
        #expect(h.get(QuantHarness.tasks() + "?limit=1")["count"] == 1)
        #expect(ids(h.get(QuantHarness.tasks() + "?limit=3")) == ["t119", "t118", "t117"])
    }

    @Test(arguments: ["limit=0", "limit=101", "limit=abc", "limit=-5", "limit=2.5", "status=done", "status=PENDING",
                      "dependsOn=x&includeDetails=maybe"])
    func invalidQueryIs400NamingTheParameter(query: String) throws {
        let h = try QuantHarness()
        let r = h.get(QuantHarness.tasks() + "?" + query)
        #expect(r.status == 400)
        #expect(r["error"] == "Invalid request")
        let name = String(query.split(separator: "&").last?.split(separator: "=").first ?? "")
        #expect(r["field"] == .string(name))
    }

    @Test func dependsOnShapeIsTaskIdsCountDependsOn() throws {
        let h = try QuantHarness()
        let a = h.create(#"{"title":"a"}"#); h.tick()
        let b = h.create(#"{"title":"b","dependsOn":["\#(a)"]}"#); h.tick()
        let c = h.create(#"{"title":"c","dependsOn":["\#(a)","\#(b)"],"status":"in_progress"}"#); h.tick()
        h.create(#"{"title":"d","dependsOn":["\#(b)"]}"#)
        let r = h.get(QuantHarness.tasks() + "?dependsOn=\(a)")
        #expect(r.status == 200)
        #expect(r.json == .object(["taskIds": .array([.string(c), .string(b)]), "count": 2, "dependsOn": .string(a)]))
        let pending = h.get(QuantHarness.tasks() + "?dependsOn=\(a)&status=pending")
        #expect(pending["taskIds"]?.strings == [b])
        #expect(pending["count"] == 1)
        let none = h.get(QuantHarness.tasks() + "?dependsOn=550e8400-e29b-41d4-a716-446655440000")
        #expect(none.json == ["taskIds": [], "count": 0, "dependsOn": "550e8400-e29b-41d4-a716-446655440000"])
    }

    @Test func dependsOnWithIncludeDetailsAddsFullTaskObjects() throws {
        let h = try QuantHarness()
        let a = h.create(#"{"title":"a"}"#); h.tick()
        let b = h.create(#"{"title":"b","dependsOn":["\#(a)"],"metadata":{"k":1}}"#)
        let r = h.get(QuantHarness.tasks() + "?dependsOn=\(a)&includeDetails=true")
        #expect(r.json.keys == ["count", "dependsOn", "taskIds", "tasks"])
        #expect(r["taskIds"]?.strings == [b])
        #expect(r["tasks"] == .array([h.task(b)]))
        #expect(r["count"] == 1)
        #expect(h.get(QuantHarness.tasks() + "?dependsOn=\(a)&includeDetails=false").json.keys == ["count", "dependsOn", "taskIds"])
    }

    @Test func includeDetailsWithoutDependsOnIsTheStandardShape() throws {
        let (h, _) = try fixture()
        let r = h.get(QuantHarness.tasks() + "?includeDetails=true")
        #expect(r.json.keys == ["count", "tasks"])
        #expect(r.json == h.get(QuantHarness.tasks()).json)
    }

    @Test func organisationsAreIsolated() throws {
        let (h, _) = try fixture()
        let g = h.get(QuantHarness.tasks("globex"))
        #expect(g["count"] == 1)
        #expect(g["tasks"]?.arrayValue?.first?["title"] == "other org")
        #expect(h.get(QuantHarness.tasks("initech"))["count"] == 0)
    }

    @Test func expiredTasksAreAbsent() throws {
        let h = try QuantHarness(completedTTLMillis: 1000)
        let a = h.create(#"{"title":"a"}"#)
        let b = h.create(#"{"title":"b"}"#)
        #expect(h.put(QuantHarness.tasks() + "/" + a, #"{"status":"completed"}"#).status == 200)
        #expect(h.get(QuantHarness.tasks())["count"] == 2)
        h.tick(1000)
        let r = h.get(QuantHarness.tasks())
        #expect(ids(r) == [b])
        #expect(h.get(QuantHarness.tasks() + "?status=completed")["count"] == 0)
    }
}

@Suite struct ListDependsOnIdTests {
    @Test func aNonUUIDDependsOnIsAFilterLikeAnyOther() throws {
        let h = try QuantHarness()
        try h.dialect.seed(["acme": [["taskId": "task-123", "title": "a"], ["taskId": "b", "title": "b", "dependsOn": ["task-123"]]]])
        let r = h.get(QuantHarness.tasks() + "?dependsOn=task-123")
        #expect(r.json == ["taskIds": ["b"], "count": 1, "dependsOn": "task-123"])
        // The spec declares only 200 for listTasks and the vendor's own example is
        // `?dependsOn=task-123`: an id no task depends on finds nothing (this used to be a 400).
        for (org, id) in [("globex", "task-123"), ("acme", "null"), ("acme", "x")] {
            let e = h.get(QuantHarness.tasks(org) + "?dependsOn=\(id)")
            #expect(e.status == 200)
            #expect(e.json == ["taskIds": [], "count": 0, "dependsOn": .string(id)])
        }
    }
}
