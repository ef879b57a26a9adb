import JSON
import Testing

@Suite struct UpdateTaskTests {
    func path(_ id: String, _ org: String = "acme") -> String { QuantHarness.tasks(org) + "/" + id }

    @Test func responseIsTaskIdStatusUpdatedAt() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t"}"#)
        h.tick(500)
        let r = h.put(path(id), #"{"progress":0.25}"#)
        #expect(r.status == 200)
        #expect(r.json == .object(["taskId": .string(id), "status": "pending", "updatedAt": .int(QuantHarness.t0 + 500)]))
        #expect(h.task(id)["updatedAt"] == .int(QuantHarness.t0 + 500))
        #expect(h.task(id)["createdAt"] == .int(QuantHarness.t0))
    }

    @Test func specExampleUpdateAppliesEveryField() throws {
        let h = try QuantHarness()
        let id = h.create(QuantFixtures.createRequest)
        h.tick()
        #expect(h.put(path(id), QuantFixtures.updateRequest).status == 200)
        let t = h.task(id)
        let req = try JSONParser.parse(QuantFixtures.updateRequest)
        for k in req.keys where k != "blockedReason" {
            #expect(t[k] == req[k], "field \(k)")
        }
        #expect(t["blockedReason"] == "Waiting for external approval")
        #expect(t["startedAt"] == .int(QuantHarness.t0 + 1000))
    }

    @Test func emptyUpdateOnlyTouchesUpdatedAt() throws {
        let h = try QuantHarness()
        let id = h.create(QuantFixtures.createRequest)
        let before = h.task(id)
        h.tick()
        #expect(h.put(path(id), "{}").status == 200)
        var after = h.task(id).objectValue ?? [:]
        #expect(after["updatedAt"] == .int(QuantHarness.t0 + 1000))
        after["updatedAt"] = before["updatedAt"]
        #expect(JSONValue.object(after) == before)
    }

    @Test func pendingToInProgressSetsStartedAt() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t"}"#)
        h.tick(2000)
        #expect(h.put(path(id), #"{"status":"in_progress","assignedAgentId":"agent-1"}"#)["status"] == "in_progress")
        let t = h.task(id)
        #expect(t["startedAt"] == .int(QuantHarness.t0 + 2000))
        #expect(t["assignedAgentId"] == "agent-1")
        h.tick()
        #expect(h.put(path(id), #"{"status":"in_progress"}"#).status == 200)
        #expect(h.task(id)["startedAt"] == .int(QuantHarness.t0 + 2000), "same status: no side effect")
    }

    @Test func completingSetsCompletedAtAndTheTTL() throws {
        let h = try QuantHarness(completedTTLMillis: 60_000)
        let id = h.create(#"{"title":"t","status":"in_progress"}"#)
        h.tick(3000)
        #expect(h.put(path(id), #"{"status":"completed","progress":1,"result":{"ok":true}}"#).status == 200)
        let t = h.task(id)
        #expect(t["completedAt"] == .int(QuantHarness.t0 + 3000))
        #expect(t["expiresAt"] == .int(QuantHarness.t0 + 3000 + 60_000))
        #expect(t["result"] == ["ok": true])
        #expect(t["progress"] == 1)
        #expect(t["startedAt"] == .int(QuantHarness.t0))
    }

    @Test func defaultTTLIsThirtyDays() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t"}"#)
        #expect(h.put(path(id), #"{"status":"completed"}"#).status == 200)
        #expect(h.task(id)["expiresAt"] == .int(QuantHarness.t0 + 30 * 24 * 3600 * 1000))
    }

    @Test func zeroTTLMeansNoExpiry() throws {
        let h = try QuantHarness(completedTTLMillis: 0)
        let id = h.create(#"{"title":"t"}"#)
        #expect(h.put(path(id), #"{"status":"completed"}"#).status == 200)
        #expect(h.task(id)["expiresAt"] == nil)
        #expect(h.task(id)["completedAt"] == .int(QuantHarness.t0))
    }

    @Test(arguments: ["failed", "cancelled"])
    func failingOrCancellingSetsCompletedAtWithoutTTL(status: String) throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t","status":"in_progress"}"#)
        h.tick()
        #expect(h.put(path(id), #"{"status":"\#(status)","error":"boom"}"#).status == 200)
        let t = h.task(id)
        #expect(t["status"] == .string(status))
        #expect(t["completedAt"] == .int(QuantHarness.t0 + 1000))
        #expect(t["expiresAt"] == nil)
        #expect(t["error"] == "boom")
    }

    @Test func reopeningATerminalTaskClearsCompletedAtAndExpiresAt() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t","status":"completed"}"#)
        #expect(h.task(id)["expiresAt"] != nil)
        h.tick()
        #expect(h.put(path(id), #"{"status":"pending","retryCount":1}"#).status == 200)
        let t = h.task(id)
        #expect(t["completedAt"] == nil)
        #expect(t["expiresAt"] == nil)
        #expect(t["retryCount"] == 1)
    }

    @Test func blockingSetsBlockedAtAndUnblockingClearsTheBlockedFields() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t"}"#)
        h.tick(100)
        #expect(h.put(path(id), #"{"status":"blocked","blockedReason":"Waiting for approval","blockedByTaskIds":["x","y"]}"#).status == 200)
        var t = h.task(id)
        #expect(t["blockedAt"] == .int(QuantHarness.t0 + 100))
        #expect(t["blockedReason"] == "Waiting for approval")
        #expect(t["blockedByTaskIds"] == ["x", "y"])
        h.tick(100)
        #expect(h.put(path(id), #"{"status":"in_progress"}"#).status == 200)
        t = h.task(id)
        #expect(t["blockedAt"] == nil && t["blockedReason"] == nil && t["blockedByTaskIds"] == nil)
        #expect(t["startedAt"] == .int(QuantHarness.t0 + 200), "first entry into in_progress stamps startedAt")
    }

    @Test func blockedToPendingClearsBlockedFieldsButToCompletedKeepsThem() throws {
        let h = try QuantHarness()
        let a = h.create(#"{"title":"a","status":"blocked","blockedReason":"r"}"#)
        #expect(h.put(path(a), #"{"status":"pending"}"#).status == 200)
        #expect(h.task(a)["blockedReason"] == nil && h.task(a)["blockedAt"] == nil)
        let b = h.create(#"{"title":"b","status":"blocked","blockedReason":"r"}"#)
        #expect(h.put(path(b), #"{"status":"completed"}"#).status == 200)
        #expect(h.task(b)["blockedReason"] == "r" && h.task(b)["blockedAt"] != nil)
    }

    @Test func blockedToInProgressFromAStartedTaskKeepsStartedAt() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t","status":"in_progress"}"#)
        h.tick()
        _ = h.put(path(id), #"{"status":"blocked"}"#)
        h.tick()
        _ = h.put(path(id), #"{"status":"in_progress"}"#)
        #expect(h.task(id)["startedAt"] == .int(QuantHarness.t0))
    }

    @Test func metadataReplacesTheWholeObject() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t","metadata":{"a":1,"b":{"c":2}}}"#)
        #expect(h.put(path(id), #"{"metadata":{"priority":"urgent"}}"#).status == 200)
        #expect(h.task(id)["metadata"] == ["priority": "urgent"])
    }

    @Test func nullClearsNullableFields() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t","taskListId":"world-1","assignedAgentId":"a","blockedReason":"r","blockedByTaskIds":["x"]}"#)
        _ = h.put(path(id), #"{"error":"e"}"#)
        let r = h.put(path(id), #"{"taskListId":null,"assignedAgentId":null,"error":null,"blockedReason":null,"blockedByTaskIds":null}"#)
        #expect(r.status == 200)
        let t = h.task(id)
        for k in ["taskListId", "assignedAgentId", "error", "blockedReason", "blockedByTaskIds"] {
            #expect(t[k] == nil, "\(k) should be cleared")
        }
        #expect(h.get(QuantHarness.tasks() + "?taskListId=world-1")["count"] == 0)
    }

    @Test func movingToAnotherListMovesItInListFilters() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t","taskListId":"world-1","assignedAgentId":"a"}"#)
        #expect(h.put(path(id), #"{"taskListId":"world-2","assignedAgentId":"b"}"#).status == 200)
        #expect(h.get(QuantHarness.tasks() + "?taskListId=world-1")["count"] == 0)
        #expect(h.get(QuantHarness.tasks() + "?taskListId=world-2")["count"] == 1)
        #expect(h.get(QuantHarness.tasks() + "?assignedAgentId=b")["count"] == 1)
    }

    @Test(arguments: [
        (#"{"title":null}"#, "title"),
        (#"{"title":""}"#, "title"),
        (#"{"description":null}"#, "description"),
        (#"{"status":"archived"}"#, "status"),
        (#"{"metadata":null}"#, "metadata"),
        (#"{"metadata":[]}"#, "metadata"),
        (#"{"progress":1.5}"#, "progress"),
        (#"{"progress":-0.1}"#, "progress"),
        (#"{"progress":"0.5"}"#, "progress"),
        (#"{"progress":null}"#, "progress"),
        (#"{"progressMessage":1}"#, "progressMessage"),
        (#"{"result":"done"}"#, "result"),
        (#"{"result":null}"#, "result"),
        (#"{"error":5}"#, "error"),
        (#"{"retryCount":-1}"#, "retryCount"),
        (#"{"retryCount":1.5}"#, "retryCount"),
        (#"{"maxRetries":11}"#, "maxRetries"),
        (#"{"dependsOn":null}"#, "dependsOn"),
        (#"{"dependsOn":[true]}"#, "dependsOn"),
        (#"{"blockedByTaskIds":[1]}"#, "blockedByTaskIds"),
        (#"{"taskListId":7}"#, "taskListId"),
        (#"{"assignedAgentId":false}"#, "assignedAgentId"),
        (#"[]"#, "body"),
    ])
    func invalidUpdatesAre400NamingTheFieldAndChangeNothing(body: String, field: String) throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t","metadata":{"a":1}}"#)
        let before = h.task(id)
        h.tick()
        let r = h.put(path(id), body)
        #expect(r.status == 400)
        #expect(r["field"] == .string(field))
        #expect(h.task(id) == before)
    }

    @Test func unknownOrForeignTaskIs404() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t"}"#, org: "globex")
        #expect(h.put(path("550e8400-e29b-41d4-a716-446655440000"), #"{"title":"x"}"#).json == ["error": "Task not found"])
        #expect(h.put(path(id, "acme"), #"{"title":"x"}"#).status == 404)
        #expect(h.task(id, org: "globex")["title"] == "t")
    }

    @Test func validationComesBeforeLookup() throws {
        let h = try QuantHarness()
        #expect(h.put(path("nope"), #"{"progress":7}"#).status == 400)
    }

    @Test func dependsOnUpdateIsValidatedAndReindexed() throws {
        let h = try QuantHarness()
        let a = h.create(#"{"title":"a"}"#)
        let b = h.create(#"{"title":"b"}"#)
        let c = h.create(#"{"title":"c","dependsOn":["\#(a)"]}"#)
        #expect(h.put(path(c), #"{"dependsOn":["\#(b)"]}"#).status == 200)
        #expect(h.task(c)["dependsOn"] == .array([.string(b)]))
        #expect(h.get(QuantHarness.tasks() + "?dependsOn=\(a)")["count"] == 0)
        #expect(h.get(QuantHarness.tasks() + "?dependsOn=\(b)")["taskIds"]?.strings == [c])
        let unknown = h.put(path(c), #"{"dependsOn":["missing"]}"#)
        #expect(unknown.status == 400)
        #expect(unknown["field"] == "dependsOn")
        #expect(h.put(path(c), #"{"dependsOn":[]}"#).status == 200)
        #expect(h.task(c)["dependsOn"] == [])
    }

    @Test func cyclesAreRejected() throws {
        let h = try QuantHarness()
        let a = h.create(#"{"title":"a"}"#)
        let b = h.create(#"{"title":"b","dependsOn":["\#(a)"]}"#)
        let c = h.create(#"{"title":"c","dependsOn":["\#(b)"]}"#)
        let loop = h.put(path(a), #"{"dependsOn":["\#(c)"]}"#)
        #expect(loop.status == 400)
        #expect(loop["field"] == "dependsOn")
        #expect(loop["message"]?.stringValue?.contains("cycle") == true)
        let selfLoop = h.put(path(a), #"{"dependsOn":["\#(a)"]}"#)
        #expect(selfLoop.status == 400)
        #expect(selfLoop["field"] == "dependsOn")
        #expect(h.task(a)["dependsOn"] == [])
    }
}
