import JSON
import Testing

@Suite struct DeleteTaskTests {
    func path(_ id: String, _ org: String = "acme") -> String { QuantHarness.tasks(org) + "/" + id }

    @Test func deletingALoneTask() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t"}"#)
        let r = h.delete(path(id))
        #expect(r.status == 200)
        #expect(r.json == .object(["deleted": true, "deletedCount": 1, "deletedTaskIds": .array([.string(id)])]))
        #expect(h.get(path(id)).status == 404)
        #expect(h.delete(path(id)).json == ["error": "Task not found"])
    }

    @Test func taskWithDependentsIs409ExactlyAsDocumented() throws {
        let h = try QuantHarness()
        let a = h.create(#"{"title":"a"}"#); h.tick()
        let b = h.create(#"{"title":"b","dependsOn":["\#(a)"]}"#); h.tick()
        let c = h.create(#"{"title":"c","dependsOn":["\#(a)"]}"#); h.tick()
        let d = h.create(#"{"title":"d","dependsOn":["\#(a)"]}"#)
        let r = h.delete(path(a))
        #expect(r.status == 409)
        #expect(r.json.keys == ["dependentTaskIds", "error", "message"])
        #expect(r["error"] == "TASK_HAS_DEPENDENTS")
        #expect(r["message"] == "Cannot delete task with 3 dependent task(s). Use cascade=true to delete all.")
        #expect(Set(r["dependentTaskIds"]?.strings ?? []) == [b, c, d])
        #expect(h.get(path(a)).status == 200)
        #expect(h.delete(path(a) + "?cascade=false").status == 409)
    }

    @Test func cascadeDeletesEverythingThatDependsOnItTransitively() throws {
        let h = try QuantHarness()
        let a = h.create(#"{"title":"a"}"#)
        let b = h.create(#"{"title":"b","dependsOn":["\#(a)"]}"#)
        let c = h.create(#"{"title":"c","dependsOn":["\#(b)"]}"#)
        let d = h.create(#"{"title":"d","dependsOn":["\#(c)","\#(a)"]}"#)
        let keep = h.create(#"{"title":"keep"}"#)
        let leaf = h.create(#"{"title":"leaf","dependsOn":["\#(keep)"]}"#)
        let r = h.delete(path(a) + "?cascade=true")
        #expect(r.status == 200)
        #expect(r["deleted"] == true)
        #expect(r["deletedCount"] == 4)
        let ids = r["deletedTaskIds"]?.strings ?? []
        #expect(ids.first == a)
        #expect(Set(ids) == [a, b, c, d])
        for id in [a, b, c, d] { #expect(h.get(path(id)).status == 404) }
        #expect(h.get(path(keep)).status == 200 && h.get(path(leaf)).status == 200)
    }

    @Test func cascadeOnATaskWithoutDependentsDeletesOnlyIt() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t"}"#)
        #expect(h.delete(path(id) + "?cascade=true")["deletedTaskIds"]?.strings == [id])
    }

    @Test func invalidCascadeIs400() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t"}"#)
        let r = h.delete(path(id) + "?cascade=yes")
        #expect(r.status == 400)
        #expect(r["field"] == "cascade")
        #expect(h.get(path(id)).status == 200)
    }

    @Test func anotherOrganisationsTaskIs404AndSurvives() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t"}"#, org: "globex")
        #expect(h.delete(path(id, "acme")).status == 404)
        #expect(h.get(path(id, "globex")).status == 200)
    }
}
