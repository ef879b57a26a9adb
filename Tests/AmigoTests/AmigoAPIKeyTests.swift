import Digest
import FastAPI
import JSON
import Store
import Testing
@testable import Amigo

/// The api-key endpoints of the extract spec, in open mode unless said otherwise.
@Suite struct AmigoAPIKeyTests {
    typealias H = AmigoHarness
    let ws = H.workspace

    @Test func createReturns201WithThePlaintextOnceAndStoresOnlyItsHash() async throws {
        let h = try H()
        let r = await h.send("POST", "/v1/\(ws)/api-keys",
                             body: #"{"duration_days": 30, "name": "ci", "permissions": ["Task.view"], "role": "admin"}"#)
        #expect(r.status == 201)
        let o = try #require(r.json.objectValue)
        #expect(Set(o.keys) == ["key_id", "api_key", "name", "role", "permissions", "expires_at", "created_by_entity_id", "created_by_credential_id"])
        #expect(r["name"] == "ci")
        #expect(r["role"] == "admin")
        #expect(r["permissions"] == ["Task.view"])
        #expect(r["expires_at"] == "2026-06-05T12:00:00Z")
        #expect(r["created_by_entity_id"] == .null)
        let secret = try #require(r["api_key"]?.stringValue)
        let keyID = try #require(r["key_id"]?.stringValue)
        let stored = try #require(try h.store.apiKeys(dialect: "amigo", tenant: ws).first)
        #expect(stored.keyID == keyID)
        #expect(stored.secretHash == SHA256.hexHash(secret))
        #expect(stored.secretHash != secret)
        #expect(stored.expiresAt == H.start + 30 * 86_400_000)
        // The list never shows the secret.
        let list = await h.get("/v1/\(ws)/api-keys")
        #expect(!list.text.contains(secret))
    }

    @Test func defaultsAreMemberNoNameNoPermissions() async throws {
        let h = try H()
        let r = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": "7"}"#)
        #expect(r.status == 201)
        #expect(r["role"] == "member")
        #expect(r["name"] == .null)
        #expect(r["permissions"] == [])
        #expect(r["expires_at"] == "2026-05-13T12:00:00Z")
    }

    @Test func listShowsEveryApiKeyResponseFieldAndPaginates() async throws {
        let h = try H()
        var ids: [String] = []
        for i in 0..<3 {
            let r = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 1, "name": "k\#(i)"}"#)
            ids.append(r["key_id"]?.stringValue ?? "")
            h.clock.advance(byMillis: 1000)
        }
        let page1 = await h.get("/v1/\(ws)/api-keys?limit=2")
        #expect(page1.status == 200)
        #expect(page1["has_more"] == true)
        #expect(page1["continuation_token"] == 2)
        #expect(page1["total"] == 3)
        let items = try #require(page1["items"]?.arrayValue)
        #expect(items.compactMap { $0["key_id"]?.stringValue } == [ids[2], ids[1]])
        let first = try #require(items.first?.objectValue)
        #expect(Set(first.keys) == ["id", "workspace_id", "created_by_entity_id", "created_by_credential_id", "key_id", "name", "role",
                                    "permissions", "expires_at", "last_used_at", "created_at", "updated_at"])
        #expect(first["workspace_id"] == .string(ws))
        #expect(first["created_at"] == "2026-05-06T12:00:02Z")
        #expect(first["updated_at"] == "2026-05-06T12:00:02Z")
        #expect(first["id"]?.stringValue.map { PydanticUUID.parse($0) == .success($0) } == true)
        let page2 = await h.get("/v1/\(ws)/api-keys?limit=2&continuation_token=2")
        #expect(page2["items"]?.arrayValue?.compactMap { $0["key_id"]?.stringValue } == [ids[0]])
        #expect(page2["has_more"] == false)
        #expect(page2["continuation_token"] == .null)
        let defaults = await h.get("/v1/\(ws)/api-keys")
        #expect(defaults["items"]?.arrayValue?.count == 3)
        // Another workspace sees none of them.
        #expect(await h.get("/v1/\(H.otherWorkspace)/api-keys")["total"] == 0)
    }

    @Test func mineOnlyListsTheKeysTheCallerCreated() async throws {
        let h = try H()
        let parent = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 1}"#)
        let parentKey = try #require(parent["api_key"]?.stringValue)
        let child = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 1}"#, headers: H.bearer(parentKey))
        #expect(child["created_by_credential_id"]?.stringValue != nil)
        let mine = await h.get("/v1/\(ws)/api-keys?mine_only=true", headers: H.bearer(parentKey))
        #expect(mine["items"]?.arrayValue?.compactMap { $0["key_id"]?.stringValue } == [child["key_id"]?.stringValue ?? ""])
        let all = await h.get("/v1/\(ws)/api-keys?mine_only=no", headers: H.bearer(parentKey))
        #expect(all["total"] == 2)
    }

    @Test func expiredKeysAreNotListed() async throws {
        let h = try H()
        _ = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 1}"#)
        h.clock.advance(byMillis: 86_400_000)
        #expect(await h.get("/v1/\(ws)/api-keys")["total"] == 0)
    }

    @Test func deleteIs204ThenUnknownIs404() async throws {
        let h = try H()
        let r = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 1}"#)
        let keyID = try #require(r["key_id"]?.stringValue)
        #expect(await h.send("DELETE", "/v1/\(H.otherWorkspace)/api-keys/\(keyID)").status == 404)
        let d = await h.send("DELETE", "/v1/\(ws)/api-keys/\(keyID)")
        #expect(d.status == 204)
        let again = await h.send("DELETE", "/v1/\(ws)/api-keys/\(keyID)")
        #expect(again.status == 404)
        #expect(again.text == #"{"detail":"API key not found."}"#)
        #expect(await h.get("/v1/\(ws)/api-keys")["total"] == 0)
    }

    @Test func rotateKeepsTheKeyIdMovesExpiryAndUpdatedAt() async throws {
        let h = try H()
        let r = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 1, "name": "ci"}"#)
        let keyID = try #require(r["key_id"]?.stringValue)
        h.clock.advance(byMillis: 60_000)
        let rot = await h.send("POST", "/v1/\(ws)/api-keys/\(keyID)/rotate", body: #"{"duration_days": 10}"#)
        #expect(rot.status == 200)
        #expect(rot["key_id"]?.stringValue == keyID)
        #expect(rot["name"] == "ci")
        #expect(rot["expires_at"] == "2026-05-16T12:01:00Z")
        #expect(rot["api_key"] != r["api_key"])
        let item = try #require(await h.get("/v1/\(ws)/api-keys")["items"]?.arrayValue?.first)
        #expect(item["created_at"] == "2026-05-06T12:00:00Z")
        #expect(item["updated_at"] == "2026-05-06T12:01:00Z")
        let missing = await h.send("POST", "/v1/\(ws)/api-keys/ak_nope/rotate", body: #"{"duration_days": 10}"#)
        #expect(missing.status == 404)
        #expect(missing.text == #"{"detail":"API key not found."}"#)
    }

    /// Expected bodies measured with pydantic 2.13 on a model built from the spec's schema.
    @Test(arguments: [
        (#"{}"#, #"[{"type":"missing","loc":["body","duration_days"],"msg":"Field required","input":{}}]"#),
        (#"[]"#, #"[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":[]}]"#),
        (#"{"duration_days":0}"#, #"[{"type":"greater_than_equal","loc":["body","duration_days"],"msg":"Input should be greater than or equal to 1","input":0,"ctx":{"ge":1}}]"#),
        (#"{"duration_days":91}"#, #"[{"type":"less_than_equal","loc":["body","duration_days"],"msg":"Input should be less than or equal to 90","input":91,"ctx":{"le":90}}]"#),
        (#"{"duration_days":"abc"}"#, #"[{"type":"int_parsing","loc":["body","duration_days"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}]"#),
        (#"{"duration_days":5.5}"#, #"[{"type":"int_from_float","loc":["body","duration_days"],"msg":"Input should be a valid integer, got a number with a fractional part","input":5.5}]"#),
        (#"{"duration_days":null}"#, #"[{"type":"int_type","loc":["body","duration_days"],"msg":"Input should be a valid integer","input":null}]"#),
        (#"{"duration_days":"-3"}"#, #"[{"type":"greater_than_equal","loc":["body","duration_days"],"msg":"Input should be greater than or equal to 1","input":"-3","ctx":{"ge":1}}]"#),
        (#"{"duration_days":5,"name":""}"#, #"[{"type":"string_too_short","loc":["body","name"],"msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}}]"#),
        (#"{"duration_days":5,"name":5}"#, #"[{"type":"string_type","loc":["body","name"],"msg":"Input should be a valid string","input":5}]"#),
        (#"{"duration_days":5,"permissions":"x"}"#, #"[{"type":"list_type","loc":["body","permissions"],"msg":"Input should be a valid list","input":"x"}]"#),
        (#"{"duration_days":5,"permissions":[1]}"#, #"[{"type":"string_type","loc":["body","permissions",0],"msg":"Input should be a valid string","input":1}]"#),
        (#"{"duration_days":5,"role":null}"#, #"[{"type":"string_type","loc":["body","role"],"msg":"Input should be a valid string","input":null}]"#),
        (#"{"duration_days":"x","name":"","role":"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr"}"#,
         #"[{"type":"int_parsing","loc":["body","duration_days"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"x"},{"type":"string_too_short","loc":["body","name"],"msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}},{"type":"string_too_long","loc":["body","role"],"msg":"String should have at most 64 characters","input":"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr","ctx":{"max_length":64}}]"#),
    ])
    func createValidationMatchesPydantic(body: String, detail: String) async throws {
        let h = try H()
        let r = await h.send("POST", "/v1/\(ws)/api-keys", body: body)
        #expect(r.status == 422)
        #expect(r.text == #"{"detail":"# + detail + "}")
    }

    @Test func lenientValuesPydanticAcceptsAreAccepted() async throws {
        let h = try H()
        for body in [#"{"duration_days":5.0}"#, #"{"duration_days":" 5 "}"#, #"{"duration_days":"1_0"}"#, #"{"duration_days":true}"#,
                     #"{"duration_days":5,"name":null,"unknown":1}"#] {
            #expect(await h.send("POST", "/v1/\(ws)/api-keys", body: body).status == 201, "\(body)")
        }
    }

    @Test func missingBodyIsMissing() async throws {
        let h = try H()
        let r = await h.send("POST", "/v1/\(ws)/api-keys")
        #expect(r.status == 422)
        #expect(r.text == #"{"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]}"#)
    }

    @Test func permissionLimits() async throws {
        let h = try H()
        let many = "[" + Array(repeating: #""p""#, count: 129).joined(separator: ",") + "]"
        let r = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days":5,"permissions":\#(many)}"#)
        #expect(r.status == 422)
        let issue = try #require(r["detail"]?.arrayValue?.first)
        #expect(issue["type"] == "too_long")
        #expect(issue["msg"] == "List should have at most 128 items after validation, not 129")
        #expect(issue["ctx"] == ["field_type": "List", "max_length": 128, "actual_length": 129])
        let long = String(repeating: "p", count: 129)
        let r2 = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days":5,"permissions":["\#(long)"]}"#)
        #expect(r2.status == 422)
        #expect(r2["detail"]?.arrayValue?.first?["type"] == "value_error")
        let ok = "[" + Array(repeating: #""\#(String(repeating: "p", count: 128))""#, count: 128).joined(separator: ",") + "]"
        #expect(await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days":5,"permissions":\#(ok)}"#).status == 201)
    }

    @Test func unknownRoleIs422WithADetailString() async throws {
        let h = try H()
        let r = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days":5,"role":"superuser"}"#)
        #expect(r.status == 422)
        #expect(r.text == #"{"detail":"Invalid role 'superuser'. Valid roles: viewer, operator, member, admin, owner."}"#)
    }

    @Test func rotateValidatesItsBody() async throws {
        let h = try H()
        let r = await h.send("POST", "/v1/\(ws)/api-keys/ak_x/rotate", body: #"{"duration_days":100}"#)
        #expect(r.status == 422)
        #expect(r.text == #"{"detail":[{"type":"less_than_equal","loc":["body","duration_days"],"msg":"Input should be less than or equal to 90","input":100,"ctx":{"le":90}}]}"#)
    }

    @Test(arguments: [
        ("limit=0", #"{"type":"greater_than","loc":["query","limit"],"msg":"Input should be greater than 0","input":"0","ctx":{"gt":0}}"#),
        ("limit=21", #"{"type":"less_than_equal","loc":["query","limit"],"msg":"Input should be less than or equal to 20","input":"21","ctx":{"le":20}}"#),
        ("limit=abc", #"{"type":"int_parsing","loc":["query","limit"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"abc"}"#),
        ("limit=5.5", #"{"type":"int_parsing","loc":["query","limit"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"5.5"}"#),
        ("mine_only=maybe", #"{"type":"bool_parsing","loc":["query","mine_only"],"msg":"Input should be a valid boolean, unable to interpret input","input":"maybe"}"#),
        ("continuation_token=x", #"{"type":"int_parsing","loc":["query","continuation_token"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"x"}"#),
    ])
    func listQueryValidationMatchesPydantic(query: String, issue: String) async throws {
        let h = try H()
        let r = await h.get("/v1/\(ws)/api-keys?\(query)")
        #expect(r.status == 422)
        #expect(r.text == #"{"detail":["# + issue + "]}")
    }

    @Test func listQueryAcceptsPydanticsLaxForms() async throws {
        let h = try H()
        for q in ["limit=5.0", "limit=+7", "limit=20", "mine_only=YES", "mine_only=0", "continuation_token=-5", "limit=3&limit=4"] {
            #expect(await h.get("/v1/\(ws)/api-keys?\(q)").status == 200, "\(q)")
        }
    }
}
