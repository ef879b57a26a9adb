import FastAPI
import JSON
import Store
import Testing
@testable import Amigo

/// polytask's control routes for Amigo: create, seed, and the record mapping.
@Suite struct AmigoControlTests {
    typealias H = AmigoHarness
    let ws = H.workspace

    @Test func createMapsOntoTheSharedTaskRecord() async throws {
        let h = try H { $0.taskTTLMillis = 1000 }
        let r = await h.create(#"{"task_id":"task-001","call_sid":"CA1","skill":"lookup","tier":"desktop","status":"running","workspace_id":"\#(ws.uppercased())"}"#)
        #expect(r.status == 201)
        #expect(r["tier"] == "desktop")
        #expect(r["status"] == "running")
        let rec = try #require(try h.store.task(TaskKey(dialect: "amigo", tenant: ws, id: "task-001")))
        #expect(rec.externalID == "CA1")
        #expect(rec.title == "lookup")
        #expect(rec.status == "running")
        #expect(rec.createdAt == H.start)
        #expect(rec.expiresAt == H.start + 1000)
        #expect(rec.summaryJSON.hasPrefix(#"{"tier":"desktop","status":"running","#))
    }

    @Test func createGeneratesATaskIdWhenNoneIsGiven() async throws {
        let h = try H()
        let r = await h.create(#"{"call_sid":"c","skill":"s"}"#)
        #expect(r.status == 201)
        let id = try #require(r["task_id"]?.stringValue)
        #expect(PydanticUUID.parse(id) == .success(id))
        #expect(await h.get("/v1/\(ws)/tasks/\(id)").status == 200)
    }

    @Test func duplicateIs409() async throws {
        let h = try H()
        #expect(await h.create(#"{"task_id":"t","call_sid":"c","skill":"s"}"#).status == 201)
        let r = await h.create(#"{"task_id":"t","call_sid":"c","skill":"s"}"#)
        #expect(r.status == 409)
        #expect(r.text == #"{"detail":"Task t already exists"}"#)
    }

    @Test func createValidatesLikePydantic() async throws {
        let h = try H()
        let r = await h.create(#"{"call_sid":5,"tier":"cloud","input_tokens":"many","duration_ms":"x","workspace_id":"\#(H.otherWorkspace)"}"#)
        #expect(r.status == 422)
        let issues = try #require(r["detail"]?.arrayValue)
        let byField = Dictionary(issues.map { ($0["loc"]?.arrayValue?.last?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byField["call_sid"]?["type"] == "string_type")
        #expect(byField["skill"]?["type"] == "missing")
        #expect(byField["tier"]?["msg"] == "Input should be 'direct', 'companion', 'desktop' or 'computer_use'")
        #expect(byField["tier"]?["type"] == "enum")
        #expect(byField["input_tokens"]?["type"] == "int_parsing")
        #expect(byField["duration_ms"]?["type"] == "float_type")
        #expect(byField["workspace_id"]?["type"] == "value_error")
        #expect(issues.allSatisfy { $0["loc"]?.arrayValue?.first == "body" })
        #expect(await h.create("[1]").status == 422)
        #expect(await h.create(#"{"call_sid":"c","skill":"s","task_id":""}"#).status == 422)
        #expect(await h.create(#"{"call_sid":"c","skill":"s","simulate":{"outcome":"cancelled"}}"#).status == 422)
        #expect(await h.create(#"{"call_sid":"c","skill":"s"}"#, workspace: "bad").status == 422)
    }

    @Test func seedRouteTakesTheDocumentAndIsIdempotent() async throws {
        let h = try H()
        let doc = #"{"amigo":{"\#(ws)":[{"task_id":"a","call_sid":"c","skill":"s","status":"completed","result":"done"},{"task_id":"b","call_sid":"c","skill":"s"}]}}"#
        let r = await h.seed(doc)
        #expect(r.status == 200)
        #expect(r.json == ["loaded": ["amigo"]])
        let again = #"{"amigo":{"\#(ws)":{"tasks":[{"task_id":"a","call_sid":"c","skill":"s","status":"failed"}],"lifecycle":"immediate"}}}"#
        #expect(await h.seed(again).status == 200)
        let a = await h.get("/v1/\(ws)/tasks/a")
        #expect(a["status"] == "failed")
        #expect(a["result"] == .null)
        // The seeded lifecycle applies to the pending one.
        #expect(await h.get("/v1/\(ws)/tasks/b")["status"] == "completed")
        #expect(await h.get("/v1/\(ws)/tasks/by-call/c")["tasks"]?.arrayValue?.count == 2)
    }

    @Test func controlBodiesAreJSONWhateverTheContentType() async throws {
        let h = try H()
        let body = #"{"amigo":{"\#(ws)":[{"task_id":"a","call_sid":"c","skill":"s"}]}}"#
        let r = await h.seed(body, headers: [("Content-Type", "application/x-www-form-urlencoded")])
        #expect(r.status == 200)
        let c = await h.send("POST", "/_polytask/amigo/\(ws)/tasks", body: #"{"task_id":"b","call_sid":"c","skill":"s"}"#,
                             headers: [("Content-Type", "text/plain")])
        #expect(c.status == 201)
    }

    @Test func badSeedsAreRejectedWithALocation() async throws {
        let h = try H()
        let cases: [(JSONValue, String)] = [
            (["amigo": [1]], "expected an object"),
            (["not-a-uuid": []], "is not a UUID"),
            ([ws: [["call_sid": "c"]]], "[0].skill: Field required"),
            ([ws: [["call_sid": "c", "skill": "s", "status": "done"]]], "[0].status: Input should be"),
            ([ws: ["api_keys": [["name": "x"]]]], "api_keys[0]"),
            ([ws: ["lifecycle": "sometimes"]], "lifecycle"),
            (["*": [["call_sid": "c", "skill": "s"]]], "only a lifecycle"),
        ]
        for (doc, fragment) in cases {
            #expect {
                try h.dialect.seed(doc)
            } throws: { error in
                String(describing: error).contains(fragment)
            }
        }
        let r = await h.seed(#"{"amigo":{"x":[]}}"#)
        #expect(r.status == 400)
        #expect(r["message"]?.stringValue?.contains("is not a UUID") == true)
        // Nothing of a rejected seed is written.
        #expect(try h.store.list(TaskQuery(dialect: "amigo", tenant: ws)).isEmpty)
    }

    @Test func seedWithStarSetsTheDefaultMode() async throws {
        let h = try H()
        try h.dialect.seed(["*": ["lifecycle": ["mode": "polls", "polls": 1]]])
        await h.create(#"{"task_id":"t","call_sid":"c","skill":"s"}"#)
        #expect(await h.get("/v1/\(ws)/tasks/t")["status"] == "completed")
    }
}
