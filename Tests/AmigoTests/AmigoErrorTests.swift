import FastAPI
import JSON
import Testing
@testable import Amigo

/// FastAPI-faithful error bodies: 422 in pydantic's shape, 404/405 from Starlette's router.
@Suite struct AmigoErrorTests {
    typealias H = AmigoHarness
    let ws = H.workspace

    /// The exact body measured from FastAPI 0.165 for this input (vendor-apis.md §1, Errors).
    @Test func nonUUIDWorkspaceGivesTheMeasured422() async throws {
        let h = try H()
        let expected = #"{"detail":[{"type":"uuid_parsing","loc":["path","workspace_id"],"msg":"Input should be a valid UUID, invalid character: found `n` at 0","input":"not-a-uuid","ctx":{"error":"invalid character: found `n` at 0"}}]}"#
        for path in ["/v1/not-a-uuid/tasks/task-001", "/v1/not-a-uuid/tasks/by-call/\(H.callSID)", "/v1/not-a-uuid/api-keys"] {
            let r = await h.get(path)
            #expect(r.status == 422, "\(path)")
            #expect(r.text == expected, "\(path)")
        }
    }

    @Test(arguments: [
        ("1234567812345678123456781234567", "invalid length: expected length 32 for simple format, found 31"),
        ("123e4567-e89b-12d3-a456-42661417400", "invalid group length in group 4: expected 12, found 11"),
        ("123e4567e89b-12d3-a456-426614174000", "invalid group count: expected 5, found 4"),
        ("123e4567-e89b-12d3-a456-42661417400g", "invalid character: found `g` at 35"),
        ("123e4567-e89b-12d3-a4566-42661417400", "invalid group length in group 3: expected 4, found 5"),
        ("1-2-3-4-5", "invalid group length in group 0: expected 8, found 1"),
        ("urn:uuid:zz", "invalid character: found `z` at 9"),
        ("%C3%A9", "invalid character: found `é` at 0"),
    ])
    func uuidDiagnosesFollowTheUUIDCrate(segment: String, error: String) async throws {
        let h = try H()
        let r = await h.get("/v1/\(segment)/tasks/x")
        #expect(r.status == 422)
        let issue = try #require(r["detail"]?.arrayValue?.first)
        #expect(issue["msg"]?.stringValue == "Input should be a valid UUID, " + error)
        #expect(issue["ctx"]?["error"]?.stringValue == error)
        #expect(issue["loc"] == ["path", "workspace_id"])
    }

    @Test func unknownRoutesUnderV1AreFastAPIs404() async throws {
        let h = try H()
        for path in ["/v1/", "/v1/\(ws)", "/v1/\(ws)/tasks", "/v1/\(ws)/tasks/a/b", "/v1/\(ws)/nothing", "/v1/\(ws)/tasks/by-call/a/b"] {
            let r = await h.get(path)
            #expect(r.status == 404, "\(path)")
            #expect(r.text == #"{"detail":"Not Found"}"#, "\(path)")
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        let h = try H()
        let r = await h.send("DELETE", "/v1/\(ws)/tasks/task-001")
        #expect(r.status == 405)
        #expect(r.text == #"{"detail":"Method Not Allowed"}"#)
        #expect(r.headers["Allow"] == "GET, HEAD")
        let keys = await h.send("PUT", "/v1/\(ws)/api-keys")
        #expect(keys.status == 405)
        #expect(keys.headers["Allow"] == "GET, HEAD, POST")
    }

    @Test func malformedJSONIsJsonInvalidBeforeAnythingElse() async throws {
        let h = try H()
        // Even with a bad workspace and no credentials: FastAPI parses the body first.
        let r = await h.send("POST", "/v1/not-a-uuid/api-keys", body: #"{"duration_days": }"#, headers: [])
        #expect(r.status == 422)
        #expect(r.text == #"{"detail":[{"type":"json_invalid","loc":["body",18],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}]}"#)
        let r2 = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days" 5}"#)
        #expect(r2["detail"]?.arrayValue?.first?["ctx"]?["error"] == "Expecting ':' delimiter")
        let r3 = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 5} x"#)
        #expect(r3["detail"]?.arrayValue?.first?["ctx"]?["error"] == "Extra data")
    }

    @Test func badWorkspaceReportsBodyErrorsInTheSame422() async throws {
        let h = try H()
        let r = await h.send("POST", "/v1/nope/api-keys", body: #"{"duration_days": 0}"#)
        #expect(r.status == 422)
        let types = r["detail"]?.arrayValue?.compactMap { $0["type"]?.stringValue }
        #expect(types == ["uuid_parsing", "greater_than_equal"])
    }

    @Test func authIsCheckedAfterTheWorkspaceAndBeforeTheBody() async throws {
        let h = try H()
        // Valid workspace, no credentials, invalid body: 401 (the auth dependency runs first).
        let r = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 0}"#, headers: [("Content-Type", "application/json")])
        #expect(r.status == 401)
        // Invalid workspace, no credentials: 422.
        #expect(await h.get("/v1/nope/tasks/t", headers: []).status == 422)
    }

    @Test func nonJSONContentTypeIsNotAnObject() async throws {
        let h = try H()
        let r = await h.send("POST", "/v1/\(ws)/api-keys", body: "duration_days=5",
                             headers: H.auth + [("Content-Type", "application/x-www-form-urlencoded")])
        #expect(r.status == 422)
        #expect(r.text == #"{"detail":[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":"duration_days=5"}]}"#)
    }

    @Test func jsonContentTypeVariantsAreParsed() {
        #expect(FastAPIBody.isJSON("application/json"))
        #expect(FastAPIBody.isJSON("Application/JSON; charset=utf-8"))
        #expect(FastAPIBody.isJSON("application/merge-patch+json"))
        #expect(!FastAPIBody.isJSON("text/json"))
        #expect(!FastAPIBody.isJSON("application/x-www-form-urlencoded"))
    }
}
