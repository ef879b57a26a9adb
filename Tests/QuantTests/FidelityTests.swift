import JSON
import Testing

/// Issue 14's Quant items through the router: expired dependencies, blank values, numbers.
@Suite struct QuantFidelityTests {
    func path(_ id: String) -> String { QuantHarness.tasks() + "/" + id }

    @Test func anUpdateChecksOnlyTheDependenciesItAdds() throws {
        let h = try QuantHarness(completedTTLMillis: 1000)
        let a = h.create(#"{"title":"a"}"#)
        let b = h.create(#"{"title":"b","dependsOn":["\#(a)"]}"#)
        #expect(h.put(path(a), #"{"status":"completed"}"#).status == 200)
        h.tick(1001)
        #expect(h.get(path(a)).status == 404)
        #expect(h.task(b)["dependsOn"] == [.string(a)])
        #expect(h.put(path(b), #"{"dependsOn":["\#(a)"],"status":"in_progress"}"#).status == 200)
        let added = h.put(path(b), #"{"dependsOn":["\#(a)","nope"]}"#)
        #expect(added.status == 400)
        #expect(added["field"] == "dependsOn")
        // Dropping the expired id is always fine.
        #expect(h.put(path(b), #"{"dependsOn":[]}"#).status == 200)
    }

    @Test func blankValuesMeanNone() throws {
        let h = try QuantHarness()
        for t in [#""""#, #""  ""#, #""\t""#] {
            #expect(h.post(QuantHarness.tasks(), #"{"title":\#(t)}"#)["field"] == "title")
        }
        let id = h.create(#"{"title":"t","taskListId":" ","assignedAgentId":""}"#)
        #expect(h.task(id)["taskListId"] == nil && h.task(id)["assignedAgentId"] == nil)
        #expect(h.put(path(id), #"{"taskListId":"L"}"#).status == 200)
        #expect(h.get(QuantHarness.tasks() + "?taskListId=L")["count"] == 1)
        #expect(h.put(path(id), #"{"taskListId":""}"#).status == 200)
        #expect(h.task(id)["taskListId"] == nil)
        #expect(h.get(QuantHarness.tasks() + "?taskListId=%20")["count"] == 1)
    }

    @Test func numbersAreWrittenAsJavaScriptWritesThem() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"n","metadata":{"a":1e-7,"b":-0.0,"c":9007199254740993,"d":1e400}}"#)
        #expect(h.get(path(id)).text.contains(#""metadata":{"a":1e-7,"b":0,"c":9007199254740992,"d":null}"#))
    }
}
