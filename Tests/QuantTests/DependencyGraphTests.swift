import JSON
import Testing

@Suite struct DependencyGraphTests {
    @Test func graphOfAListHasRootsLeavesAndNodes() throws {
        let h = try QuantHarness()
        let a = h.create(#"{"title":"a","taskListId":"world-1"}"#); h.tick()
        let b = h.create(#"{"title":"b","taskListId":"world-1","dependsOn":["\#(a)"]}"#); h.tick()
        let c = h.create(#"{"title":"c","taskListId":"world-1","dependsOn":["\#(a)","\#(b)"],"assignedAgentId":"agent-1"}"#); h.tick()
        let other = h.create(#"{"title":"x","taskListId":"world-2","dependsOn":["\#(c)"]}"#)
        let r = h.get(QuantHarness.tasks() + "/world-1/dependency-graph")
        #expect(r.status == 200)
        #expect(r.json.keys == ["graph", "leaves", "roots", "taskCount", "taskListId"])
        #expect(r["taskListId"] == "world-1")
        #expect(r["taskCount"] == 3)
        #expect(r["roots"]?.strings == [a])
        #expect(r["leaves"]?.strings == [c])
        let g = r["graph"] ?? .null
        #expect(g.keys == [a, b, c].sorted())
        #expect(g[a]?["dependsOn"] == [])
        #expect(Set(g[a]?["dependents"]?.strings ?? []) == [b, c])
        #expect(g[b]?["dependsOn"]?.strings == [a])
        #expect(g[b]?["dependents"]?.strings == [c])
        #expect(g[c]?["dependsOn"]?.strings == [a, b])
        #expect(g[c]?["dependents"] == [], "dependents outside the list are not shown")
        #expect(g[c]?["title"] == "c")
        #expect(g[c]?["status"] == "pending")
        #expect(g[c]?["assignedAgentId"] == "agent-1")
        #expect(g[c]?["taskId"] == .string(c))
        let summary = (h.get(QuantHarness.tasks() + "?taskListId=world-1")["tasks"]?.arrayValue ?? [])
            .first { $0["taskId"] == .string(c) }?.objectValue ?? [:]
        var node = g[c]?.objectValue ?? [:]
        node["dependsOn"] = nil
        node["dependents"] = nil
        #expect(node == summary, "a node is the list summary plus dependsOn and dependents")
        #expect(h.get(QuantHarness.tasks() + "/world-2/dependency-graph")["roots"]?.strings == [other])
    }

    @Test func unknownListIsAnEmptyGraph() throws {
        let h = try QuantHarness()
        let r = h.get(QuantHarness.tasks() + "/nope/dependency-graph")
        #expect(r.status == 200)
        #expect(r.json == ["taskListId": "nope", "taskCount": 0, "roots": [], "leaves": [], "graph": [:]])
    }

    @Test func graphIsPerOrganisation() throws {
        let h = try QuantHarness()
        h.create(#"{"title":"a","taskListId":"world-1"}"#, org: "globex")
        #expect(h.get(QuantHarness.tasks("acme") + "/world-1/dependency-graph")["taskCount"] == 0)
        #expect(h.get(QuantHarness.tasks("globex") + "/world-1/dependency-graph")["taskCount"] == 1)
    }
}
