import JSON
import Testing

@Suite struct GetTaskTests {
    @Test func unknownIdIs404TaskNotFound() throws {
        let h = try QuantHarness()
        let r = h.get(QuantHarness.tasks() + "/550e8400-e29b-41d4-a716-446655440000")
        #expect(r.status == 404)
        #expect(r.json == ["error": "Task not found"])
    }

    @Test func anotherOrganisationsTaskIs404() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"secret"}"#, org: "acme")
        #expect(h.get(QuantHarness.tasks("acme") + "/" + id).status == 200)
        #expect(h.get(QuantHarness.tasks("globex") + "/" + id).status == 404)
    }

    @Test func expiredTaskIs404() throws {
        let h = try QuantHarness(completedTTLMillis: 10_000)
        let id = h.create(#"{"title":"t"}"#)
        #expect(h.put(QuantHarness.tasks() + "/" + id, #"{"status":"completed"}"#).status == 200)
        h.tick(9_999)
        #expect(h.get(QuantHarness.tasks() + "/" + id).status == 200)
        h.tick(1)
        #expect(h.get(QuantHarness.tasks() + "/" + id).status == 404)
        #expect(h.put(QuantHarness.tasks() + "/" + id, #"{"title":"x"}"#).status == 404)
        #expect(h.delete(QuantHarness.tasks() + "/" + id).status == 404)
    }

    @Test func timestampsAreIntegerMilliseconds() throws {
        let h = try QuantHarness()
        let id = h.create(#"{"title":"t","status":"in_progress"}"#)
        let text = h.get(QuantHarness.tasks() + "/" + id).text
        #expect(text.contains("\"createdAt\":\(QuantHarness.t0)"))
        #expect(text.contains("\"startedAt\":\(QuantHarness.t0)"))
        #expect(!text.contains("null"))
    }

    @Test func percentEncodedIdsAreDecoded() throws {
        let h = try QuantHarness()
        try h.dialect.seed(["acme": [["taskId": "task 1/a", "title": "odd id"]]])
        let r = h.get(QuantHarness.tasks() + "/task%201%2Fa")
        #expect(r.status == 200)
        #expect(r["taskId"] == "task 1/a")
    }
}
