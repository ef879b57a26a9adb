import JSON
import Testing

@Suite struct CreateTaskTests {
    @Test func minimalCreateReturns201WithDocumentedFields() throws {
        let h = try QuantHarness()
        let r = h.post(QuantHarness.tasks(), #"{"title":"t"}"#)
        #expect(r.status == 201)
        #expect(r.json.keys == ["createdAt", "orgId", "status", "taskId", "title"])
        #expect(r["orgId"] == "acme")
        #expect(r["title"] == "t")
        #expect(r["status"] == "pending")
        #expect(r["createdAt"] == .int(QuantHarness.t0))
        #expect(r.response.headers["Content-Type"] == "application/json")
    }

    @Test func taskIdIsALowercaseVersion4UUID() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t"}"#)
        let parts = id.split(separator: "-")
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(id == id.lowercased())
        #expect(parts[2].first == "4")
        #expect(["8", "9", "a", "b"].contains(parts[3].first.map(String.init) ?? ""))
        #expect(h.create(#"{"title":"t"}"#) != id)
    }

    @Test func defaultsAreAppliedAndUnsetFieldsOmitted() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t"}"#)
        let t = h.task(id)
        #expect(t == .object(["taskId": .string(id), "orgId": "acme", "title": "t", "status": "pending",
                              "dependsOn": [], "metadata": [:], "progress": 0, "retryCount": 0, "maxRetries": 3,
                              "createdAt": .int(QuantHarness.t0), "updatedAt": .int(QuantHarness.t0)]))
    }

    @Test func specExampleRequestIsStoredAsGiven() throws {
        let h = try QuantHarness()
        let r = h.post(QuantHarness.tasks(), QuantFixtures.createRequest)
        #expect(r.status == 201)
        let t = h.task(r["taskId"]?.stringValue ?? "")
        let req = try JSONParser.parse(QuantFixtures.createRequest)
        for k in ["title", "description", "taskListId", "status", "assignedAgentId", "createdByAgentId",
                  "metadata", "maxRetries", "blockedReason"] {
            #expect(t[k] == req[k], "field \(k)")
        }
        #expect(t["blockedByTaskIds"] == nil)
    }

    @Test func createStraightIntoAStatusAppliesItsSideEffects() throws {
        let h = try QuantHarness(completedTTLMillis: 5000)
        let running = h.task(h.create(#"{"title":"t","status":"in_progress"}"#))
        #expect(running["startedAt"] == .int(QuantHarness.t0))
        #expect(running["completedAt"] == nil)
        let done = h.task(h.create(#"{"title":"t","status":"completed"}"#))
        #expect(done["completedAt"] == .int(QuantHarness.t0))
        #expect(done["expiresAt"] == .int(QuantHarness.t0 + 5000))
        #expect(done["startedAt"] == nil)
        let failed = h.task(h.create(#"{"title":"t","status":"failed"}"#))
        #expect(failed["completedAt"] == .int(QuantHarness.t0))
        #expect(failed["expiresAt"] == nil)
        let blocked = h.task(h.create(#"{"title":"t","status":"blocked","blockedReason":"r","blockedByTaskIds":["x"]}"#))
        #expect(blocked["blockedAt"] == .int(QuantHarness.t0))
        #expect(blocked["blockedReason"] == "r")
        #expect(blocked["blockedByTaskIds"] == ["x"])
    }

    @Test func dependsOnKeepsOrderAndDropsDuplicates() throws {
        let h = try QuantHarness()
        let a = h.create(#"{"title":"a"}"#)
        let b = h.create(#"{"title":"b"}"#)
        let c = h.create(#"{"title":"c","dependsOn":["\#(b)","\#(a)","\#(b)"]}"#)
        #expect(h.task(c)["dependsOn"]?.strings == [b, a])
    }

    @Test func unknownDependencyIs400NamingTheField() throws {
        let h = try QuantHarness()
        let r = h.post(QuantHarness.tasks(), #"{"title":"c","dependsOn":["550e8400-e29b-41d4-a716-446655440000"]}"#)
        #expect(r.status == 400)
        #expect(r["error"] == "Invalid request")
        #expect(r["field"] == "dependsOn")
        #expect(r["message"]?.stringValue?.contains("550e8400-e29b-41d4-a716-446655440000") == true)
        #expect(h.get(QuantHarness.tasks())["count"] == 0)
    }

    @Test func dependencyInAnotherOrganisationIsUnknown() throws {
        let h = try QuantHarness()
        let other = h.create(#"{"title":"theirs"}"#, org: "globex")
        let r = h.post(QuantHarness.tasks("acme"), #"{"title":"c","dependsOn":["\#(other)"]}"#)
        #expect(r.status == 400)
        #expect(r["field"] == "dependsOn")
    }

    @Test(arguments: [
        (#"{}"#, "title"),
        (#"{"title":""}"#, "title"),
        (#"{"title":7}"#, "title"),
        (#"{"title":null}"#, "title"),
        (#"{"title":"t","status":"done"}"#, "status"),
        (#"{"title":"t","status":null}"#, "status"),
        (#"{"title":"t","maxRetries":11}"#, "maxRetries"),
        (#"{"title":"t","maxRetries":-1}"#, "maxRetries"),
        (#"{"title":"t","maxRetries":2.5}"#, "maxRetries"),
        (#"{"title":"t","maxRetries":"3"}"#, "maxRetries"),
        (#"{"title":"t","metadata":[1]}"#, "metadata"),
        (#"{"title":"t","metadata":"x"}"#, "metadata"),
        (#"{"title":"t","dependsOn":"abc"}"#, "dependsOn"),
        (#"{"title":"t","dependsOn":[1]}"#, "dependsOn"),
        (#"{"title":"t","dependsOn":[""]}"#, "dependsOn"),
        (#"{"title":"t","description":false}"#, "description"),
        (#"{"title":"t","taskListId":3}"#, "taskListId"),
        (#"{"title":"t","assignedAgentId":[]}"#, "assignedAgentId"),
        (#"{"title":"t","createdByAgentId":{}}"#, "createdByAgentId"),
        (#"{"title":"t","blockedReason":1}"#, "blockedReason"),
        (#"{"title":"t","blockedByTaskIds":"x"}"#, "blockedByTaskIds"),
        (#"[1,2]"#, "body"),
        (#""title""#, "body"),
        ("", "body"),
    ])
    func invalidBodiesAre400NamingTheField(body: String, field: String) throws {
        let h = try QuantHarness()
        let r = h.post(QuantHarness.tasks(), body)
        #expect(r.status == 400)
        #expect(r["error"] == "Invalid request")
        #expect(r["field"] == .string(field))
        #expect(r["message"]?.stringValue?.contains(field == "body" ? "body" : field) == true, "\(r.text)")
    }

    @Test func malformedJSONIs400InvalidJSON() throws {
        let h = try QuantHarness()
        for body in [#"{"title":"t""#, #"{title:"t"}"#, "nope", #"{"title":"t"} x"#] {
            let r = h.post(QuantHarness.tasks(), body)
            #expect(r.status == 400)
            #expect(r["error"] == "Invalid JSON")
            #expect(r["message"]?.stringValue != nil)
        }
    }

    @Test func membersOutsideTheRequestSchemaAreIgnored() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t","progress":0.9,"retryCount":4,"taskId":"mine","orgId":"other","color":"red"}"#)
        let t = h.task(id)
        #expect(id != "mine")
        #expect(t["progress"] == 0)
        #expect(t["retryCount"] == 0)
        #expect(t["orgId"] == "acme")
        #expect(t["color"] == nil)
    }

    @Test func contentTypeIsNotChecked() throws {
        let h = try QuantHarness()
        let r = h.post(QuantHarness.tasks(), #"{"title":"t"}"#,
                       headers: QuantHarness.bearer + [("Content-Type", "text/plain")])
        #expect(r.status == 201)
    }
}
