import FastAPI
import JSON
import Testing
@testable import Amigo

/// FastAPI-faithful error bodies: 422 in pydantic's shape, 404/405 from Starlette's router.
@Suite struct AmigoErrorTests {
    typealias H = AmigoHarness
    let ws = H.workspace

    /// The exact body the oracle (Tests/oracle: FastAPI 0.136.1, pydantic-core 2.46.4) gives
    /// for this input: pydantic-core 2.46's index is 1-based (it was "at 0" here before the
    /// dialect was brought to that one version).
    @Test func nonUUIDWorkspaceGivesTheMeasured422() async throws {
        let h = try H()
        let expected = #"{"detail":[{"type":"uuid_parsing","loc":["path","workspace_id"],"msg":"Input should be a valid UUID, invalid character: found `n` at 1","input":"not-a-uuid","ctx":{"error":"invalid character: found `n` at 1"}}]}"#
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
        ("123e4567-e89b-12d3-a456-42661417400g", "invalid character: found `g` at 36"),
        ("123e4567-e89b-12d3-a4566-42661417400", "invalid group length in group 3: expected 4, found 5"),
        ("1-2-3-4-5", "invalid group length in group 0: expected 8, found 1"),
        ("urn:uuid:zz", "invalid character: found `z` at 10"),
        ("%C3%A9", "invalid character: found `é` at 1"),
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

    /// As the oracle answers (Tests/oracle): Starlette's 405 comes from the first route whose
    /// path matches, and FastAPI's `APIRoute` has exactly the one method it was declared with,
    /// so `Allow` names that method only (GET for api-keys, declared before POST), without
    /// HEAD (it used to be "GET, HEAD" and "GET, HEAD, POST" here).
    @Test func wrongMethodIs405WithAllow() async throws {
        let h = try H()
        let r = await h.send("DELETE", "/v1/\(ws)/tasks/task-001")
        #expect(r.status == 405)
        #expect(r.text == #"{"detail":"Method Not Allowed"}"#)
        #expect(r.headers["Allow"] == "GET")
        let keys = await h.send("PUT", "/v1/\(ws)/api-keys")
        #expect(keys.status == 405)
        #expect(keys.headers["Allow"] == "GET")
        #expect(await h.send("GET", "/v1/\(ws)/api-keys/ak_1").headers["Allow"] == "DELETE")
        #expect(await h.send("GET", "/v1/\(ws)/api-keys/ak_1/rotate").headers["Allow"] == "POST")
        let head = await h.send("HEAD", "/v1/\(ws)/tasks/task-001")
        #expect(head.status == 405)
        #expect(head.headers["Allow"] == "GET")
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

    /// FastAPI resolves the `HTTPBearer` dependency (and the key it names) before it validates
    /// the path, query and body, as the oracle shows (Tests/oracle). This test used to expect
    /// the workspace to be validated first (422 for a bad workspace without credentials).
    @Test func securityRunsBeforeValidation() async throws {
        let h = try H()
        // Valid workspace, no credentials, invalid body: 401.
        let r = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 0}"#, headers: [("Content-Type", "application/json")])
        #expect(r.status == 401)
        // Invalid workspace, no or another scheme's credentials: 401 too.
        let none = await h.get("/v1/nope/tasks/t", headers: [])
        #expect(none.status == 401)
        #expect(none.text == #"{"detail":"Not authenticated"}"#)
        #expect(await h.get("/v1/nope/tasks/t", headers: [("Authorization", "Basic eDp5")]).status == 401)
        // Invalid workspace with credentials: the 422.
        #expect(await h.get("/v1/nope/tasks/t").status == 422)
    }

    @Test func bodiesThatCannotBeParsedAre400() async throws {
        let h = try H()
        let cannot = #"{"detail":"There was an error parsing the body"}"#
        for body: [UInt8] in [Array(#"{"name": ""#.utf8) + [0xFF, 0x22, 0x7D],
                              Array(("{\"duration_days\": 1" + String(repeating: "0", count: 4300) + "}").utf8),
                              Array((String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000)).utf8)] {
            let r = await h.send("POST", "/v1/\(ws)/api-keys", bytes: body)
            #expect(r.status == 400)
            #expect(r.text == cannot)
        }
    }

    @Test func bigIntegersAreReportedExactly() async throws {
        let h = try H()
        let r = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 12345678901234567890123}"#)
        #expect(r.text == #"{"detail":[{"type":"less_than_equal","loc":["body","duration_days"],"msg":"Input should be less than or equal to 90","input":12345678901234567890123,"ctx":{"le":90}}]}"#)
        let f = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 1e-7}"#)
        #expect(f.text == #"{"detail":[{"type":"int_from_float","loc":["body","duration_days"],"msg":"Input should be a valid integer, got a number with a fractional part","input":1e-07}]}"#)
    }

    @Test func nestingWithinPythonsLimitIsValidatedAsUsual() async throws {
        let h = try H()
        let deep = String(repeating: "[", count: 900) + String(repeating: "]", count: 900)
        let r = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 0, "x": \#(deep)}"#)
        #expect(r.status == 422)
        #expect(r["detail"]?.arrayValue?.first?["type"] == "greater_than_equal")
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
