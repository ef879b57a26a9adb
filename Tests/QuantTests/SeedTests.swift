import JSON
import Quant
import Testing

@Suite struct SeedTests {
    @Test func docsExampleRoundTripsExactly() throws {
        let h = try QuantHarness()
        let example = try JSONParser.parse(QuantFixtures.getTaskDocsExample)
        try h.dialect.seed(["quant": [example]])
        #expect(h.task("550e8400-e29b-41d4-a716-446655440000", org: "quant") == example.withDependsOn())
    }

    @Test func specExampleWithEveryFieldRoundTripsExactly() throws {
        let h = try QuantHarness()
        let example = try JSONParser.parse(QuantFixtures.getTaskSpecExample)
        try h.dialect.seed(["quant": [example]])
        let r = h.get(QuantHarness.tasks("quant") + "/550e8400-e29b-41d4-a716-446655440000")
        #expect(r.json == example)
        #expect(!r.text.contains("null"))
    }

    @Test func nullMembersAreUnsetAndDependsOnDefaultsToEmpty() throws {
        let h = try QuantHarness()
        try h.dialect.seed(["acme": [["taskId": "t", "title": "x", "error": nil, "result": nil, "startedAt": nil,
                                      "taskListId": nil, "dependsOn": nil, "createdAt": 5, "updatedAt": 6]]])
        #expect(h.task("t") == ["taskId": "t", "orgId": "acme", "title": "x", "status": "pending", "dependsOn": [],
                                "createdAt": 5, "updatedAt": 6])
    }

    @Test func idsTimestampsAndDependenciesAreKeptInAnyOrder() throws {
        let h = try QuantHarness()
        // The dependent comes before its dependency in the file.
        try h.dialect.seed(["acme": [
            ["taskId": "b", "title": "b", "dependsOn": ["a"], "createdAt": 2000, "updatedAt": 2500, "status": "completed",
             "completedAt": 2400, "expiresAt": 9_999_999_999_999],
            ["taskId": "a", "title": "a", "createdAt": 1000, "updatedAt": 1000],
        ]])
        let b = h.task("b")
        #expect(b["dependsOn"] == ["a"])
        #expect(b["createdAt"] == 2000 && b["updatedAt"] == 2500 && b["completedAt"] == 2400)
        #expect(b["expiresAt"] == 9_999_999_999_999)
        #expect(b["startedAt"] == nil, "no side effects on seeding")
        #expect(h.get(QuantHarness.tasks() + "?dependsOn=a")["taskIds"] == ["b"])
        #expect(h.delete(QuantHarness.tasks() + "/a").status == 409)
        let list = h.get(QuantHarness.tasks())["tasks"]?.arrayValue?.compactMap { $0["taskId"]?.stringValue }
        #expect(list == ["b", "a"])
    }

    @Test func seedingUpsertsByTaskId() throws {
        let h = try QuantHarness()
        try h.dialect.seed(["acme": [["taskId": "t", "title": "old", "taskListId": "l1"]]])
        try h.dialect.seed(["acme": [["taskId": "t", "title": "new", "createdAt": 7, "updatedAt": 8]]])
        let t = h.task("t")
        #expect(t["title"] == "new")
        #expect(t["taskListId"] == nil)
        #expect(h.get(QuantHarness.tasks())["count"] == 1)
    }

    @Test func sameIdInTwoOrganisationsIsTwoTasks() throws {
        let h = try QuantHarness()
        try h.dialect.seed(["acme": [["taskId": "t", "title": "a"]], "globex": [["taskId": "t", "title": "g"]]])
        #expect(h.task("t", org: "acme")["title"] == "a")
        #expect(h.task("t", org: "globex")["title"] == "g")
    }

    @Test func missingIdAndTimestampsAreFilledIn() throws {
        let h = try QuantHarness()
        try h.dialect.seed(["acme": [["title": "no id"]]])
        let item = h.get(QuantHarness.tasks())["tasks"]?.arrayValue?.first
        #expect(item?["taskId"]?.stringValue?.count == 36)
        #expect(item?["createdAt"] == .int(QuantHarness.t0))
        #expect(item?["updatedAt"] == .int(QuantHarness.t0))
    }

    @Test(arguments: [
        (JSONValue.array([]), "quant must be an object"),
        (["acme": "x"], "quant.acme must be an array"),
        (["acme": [1]], "quant.acme[0] must be a task object"),
        (["acme": [["title": "t", "colour": "red"]]], "quant.acme[0].colour"),
        (["acme": [["taskId": "t"]]], "quant.acme[0].title is required"),
        (["acme": [["title": "t", "orgId": "globex"]]], "quant.acme[0].orgId"),
        (["acme": [["title": "t", "progress": 2]]], "quant.acme[0].progress"),
        (["acme": [["title": "t", "status": "done"]]], "quant.acme[0].status"),
        (["acme": [["title": "t", "createdAt": "yesterday"]]], "quant.acme[0].createdAt"),
        (["acme": [["title": "t", "metadata": [1]]]], "quant.acme[0].metadata"),
        (["acme": [["taskId": "x", "title": "t", "dependsOn": ["x"]]]], "own id"),
        (["acme": ["tasks": [], "extra": 1]], "quant.acme.extra"),
        (["acme": ["tokens": ["a b"]]], "quant.acme.tokens[0]"),
    ] as [(JSONValue, String)])
    func badDocumentsFailNamingThePathAndLoadNothing(doc: JSONValue, expected: String) throws {
        let h = try QuantHarness()
        var ok = ["acme": [["taskId": "fine", "title": "fine"]]] as JSONValue
        if case .object(var o) = doc, o["acme"] != nil, o["globex"] == nil {
            o["aaa-first"] = ok["acme"] ?? .null
            ok = .object(o)
        } else {
            ok = doc
        }
        do {
            try h.dialect.seed(ok)
            Issue.record("seed should have failed")
        } catch let e as QuantSeedError {
            #expect(e.message.contains(expected), "\(e.message)")
        }
        #expect(h.get(QuantHarness.tasks("aaa-first"))["count"] == 0, "a bad document loads nothing")
    }

    @Test func tenThousandTasksLoadInOneCall() throws {
        let h = try QuantHarness()
        var tasks: [JSONValue] = []
        for i in 0..<10_000 {
            var t: [String: JSONValue] = ["taskId": .string("task-\(i)"), "title": .string("Process document #\(i)"),
                                          "description": "d", "status": i % 2 == 0 ? "pending" : "in_progress",
                                          "metadata": ["priority": "high", "tags": ["pdf"]], "progress": 0.5,
                                          "retryCount": 0, "maxRetries": 3, "createdAt": .int(QuantHarness.t0 + Int64(i)),
                                          "updatedAt": .int(QuantHarness.t0 + Int64(i))]
            if i > 0 { t["dependsOn"] = [.string("task-\(i - 1)")] }
            tasks.append(.object(t))
        }
        try h.dialect.seed(["quant": .array(tasks)])
        #expect(h.get(QuantHarness.tasks("quant") + "?status=pending&limit=100")["count"] == 100)
        #expect(h.task("task-9999", org: "quant")["dependsOn"] == ["task-9998"])
        #expect(h.get(QuantHarness.tasks("quant") + "?dependsOn=task-0")["taskIds"] == ["task-1"])
    }
}

extension JSONValue {
    /// The docs example has no dependsOn; getTask always renders one.
    func withDependsOn() -> JSONValue {
        guard var o = objectValue else { return self }
        if o["dependsOn"] == nil { o["dependsOn"] = [] }
        return .object(o)
    }
}
