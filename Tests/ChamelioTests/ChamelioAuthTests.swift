import Emulator
import JSON
import Routing
import Store
import Testing
@testable import Chamelio

/// `X-API-Key`: the five exact 401s, open and strict mode, and where auth sits in the order of checks.
@Suite struct ChamelioAuthTests {
    typealias H = ChamelioHarness

    private func register(_ h: H, key: String, org: String = "acme", state: String = "active") async -> H.Reply {
        await h.control("POST", "/_polytask/chamelio/keys",
                        #"{"organization_id":"\#(org)","owner_email":"john.doe@example.com","api_key":"\#(key)","state":"\#(state)"}"#)
    }

    @Test func missingOrEmptyKeyIsAPIKeyRequired() async throws {
        let h = try H()
        for headers in [[], [("X-API-Key", "")], [("Authorization", "Bearer ca_x")]] {
            let r = await h.get("/tasks/1", headers: headers)
            #expect(r.status == 401)
            #expect(r.text == #"{"detail":"API key required"}"#)
            #expect(r.headers["WWW-Authenticate"] == nil)
        }
    }

    @Test func malformedKeysAreInvalidInEitherMode() async throws {
        for mode in [AuthMode.open, .strict] {
            let h = try H { $0.auth = mode }
            for key in ["nope", "ca_", "CA_abc", "ca_has space", "ca_dot.dot", "sk_abc"] {
                let r = await h.get("/tasks/1", headers: H.apiKey(key))
                #expect(r.status == 401)
                #expect(r.text == #"{"detail":"Invalid API key"}"#)
            }
        }
    }

    @Test func headerNameIsCaseInsensitive() async throws {
        let h = try H()
        let id = await h.initiate()
        #expect(await h.get("/tasks/\(id)", headers: [("x-api-key", H.key)]).status == 200)
    }

    @Test func eachKeyStateHasItsOwnExactRefusal() async throws {
        for mode in [AuthMode.open, .strict] {
            let h = try H { $0.auth = mode }
            let cases = [("inactive", "API key is inactive"), ("revoked", "API key has been revoked"), ("expired", "API key has expired")]
            for (i, (state, detail)) in cases.enumerated() {
                let key = "ca_stateKey\(i)"
                #expect(await register(h, key: key, state: state).status == 201)
                let r = await h.get("/tasks/1", headers: H.apiKey(key))
                #expect(r.status == 401)
                #expect(r.text == #"{"detail":"\#(detail)"}"#)
            }
        }
    }

    @Test func openModeAcceptsAnUnregisteredKeyAsItsOwnOrganisation() async throws {
        let h = try H()
        let id = await h.initiate()
        #expect(await h.get("/tasks/\(id)").status == 200)
        // Another key is another organisation: the task is not there.
        let other = await h.get("/tasks/\(id)", headers: H.apiKey(H.otherKey))
        #expect(other.status == 404)
        #expect(other.text == #"{"detail":"Task not found"}"#)
        #expect(H.organization().hasPrefix("org_") && H.organization() != H.organization(of: H.otherKey))
    }

    @Test func strictModeAcceptsOnlyRegisteredActiveKeys() async throws {
        let h = try H { $0.auth = .strict }
        let unknown = await h.get("/tasks/1", headers: H.apiKey(H.key))
        #expect(unknown.status == 401)
        #expect(unknown.text == #"{"detail":"Invalid API key"}"#)
        #expect(await register(h, key: H.key).status == 201)
        let id = await h.initiate()
        #expect(await h.get("/tasks/\(id)").status == 200)
        // The task belongs to the key's organisation, and the owner is the key's owner by default.
        let t = try #require(try h.store.task(TaskKey(dialect: "chamelio", tenant: "acme", id: String(id))))
        #expect(t.tenant == "acme")
    }

    @Test func revokingAKeyThroughTheControlRouteTakesEffectAtOnce() async throws {
        let h = try H { $0.auth = .strict }
        let created = await register(h, key: H.key)
        let keyID = try #require(created["key_id"]?.stringValue)
        #expect(created["api_key"]?.stringValue == H.key)
        #expect(await h.get("/tasks/1").status == 404)
        let patched = await h.control("PATCH", "/_polytask/chamelio/keys/\(keyID)", #"{"organization_id":"acme","state":"revoked"}"#)
        #expect(patched.status == 200)
        #expect(patched["state"]?.stringValue == "revoked")
        #expect(patched["api_key"] == nil)
        #expect(await h.get("/tasks/1").text == #"{"detail":"API key has been revoked"}"#)
        #expect(await h.control("DELETE", "/_polytask/chamelio/keys/\(keyID)?organization_id=acme").status == 204)
        #expect(await h.get("/tasks/1").text == #"{"detail":"Invalid API key"}"#)
        #expect(await h.control("DELETE", "/_polytask/chamelio/keys/\(keyID)?organization_id=acme").status == 404)
    }

    @Test func keysAreStoredHashedAndListedWithoutSecrets() async throws {
        let h = try H()
        #expect(await register(h, key: H.key).status == 201)
        let list = await h.control("GET", "/_polytask/chamelio/keys?organization_id=acme")
        #expect(list.status == 200)
        #expect(!list.text.contains(H.key))
        #expect(list["keys"]?.arrayValue?.first?["owner_email"]?.stringValue == "john.doe@example.com")
        let stored = try h.store.apiKeys(dialect: "chamelio", tenant: "acme")
        #expect(stored.count == 1)
        #expect(stored[0].secretHash == ChamelioKeys.hash(H.key))
        #expect(stored[0].secretHash != H.key && stored[0].keyID.hasPrefix("key_"))
        #expect(stored[0].state == "active" && stored[0].owner == "john.doe@example.com")
    }

    @Test func aKeyOfAnotherOrganisationIsAConflictAndAGeneratedKeyIsWellFormed() async throws {
        let h = try H()
        #expect(await register(h, key: H.key).status == 201)
        #expect(await register(h, key: H.key, org: "globex").status == 409)
        let generated = await h.control("POST", "/_polytask/chamelio/keys", #"{"organization_id":"acme","owner_email":"a@b.co"}"#)
        #expect(generated.status == 201)
        let key = try #require(generated["api_key"]?.stringValue)
        #expect(ChamelioKeys.isWellFormed(key) && key.utf8.count == 35)
        #expect(await h.control("POST", "/_polytask/chamelio/keys", #"{"organization_id":"acme"}"#).status == 400)
        #expect(await h.control("POST", "/_polytask/chamelio/keys", #"{"organization_id":"acme","owner_email":"a@b.co","state":"paused"}"#).status == 400)
    }

    @Test func lookupNamesTheOrganisationOfAKey() async throws {
        let h = try H()
        let open = await h.control("POST", "/_polytask/chamelio/keys/lookup", #"{"api_key":"\#(H.key)"}"#)
        #expect(open["organization_id"]?.stringValue == H.organization())
        #expect(open["registered"] == .bool(false))
        _ = await register(h, key: H.key)
        let registered = await h.control("POST", "/_polytask/chamelio/keys/lookup", #"{"api_key":"\#(H.key)"}"#)
        #expect(registered["organization_id"]?.stringValue == "acme")
        #expect(registered["registered"] == .bool(true))
    }

    // MARK: order of checks

    @Test func unknownPathsAnswerStarletteWithoutAKey() async throws {
        let h = try H()
        let r = await h.get("/tasks/1/nothing-here", headers: [])
        #expect(r.status == 404)
        #expect(r.text == #"{"detail":"Not Found"}"#)
        let m = await h.send("DELETE", "/tasks/1", headers: [])
        #expect(m.status == 405)
        #expect(m.text == #"{"detail":"Method Not Allowed"}"#)
    }

    @Test func authComesBeforePathAndBodyValidation() async throws {
        let h = try H()
        let r = await h.post("/tasks/abc/approve", #"{"approved":"maybe"}"#, headers: [])
        #expect(r.status == 401)
        #expect(r.text == #"{"detail":"API key required"}"#)
        let bad = await h.post("/tasks/abc/approve", #"{"approved":"maybe"}"#, headers: H.apiKey("ca_bad key"))
        #expect(bad.text == #"{"detail":"Invalid API key"}"#)
    }

    @Test func malformedJSONComesBeforeAuth() async throws {
        let h = try H()
        let r = await h.post("/tasks/1/approve", #"{"approved":"#, headers: [])
        #expect(r.status == 422)
        #expect(r["detail"]?.arrayValue?.first?["type"]?.stringValue == "json_invalid")
    }

    @Test func theOrganisationGoesIntoTheRequestTrace() async throws {
        let h = try H()
        let id = await h.initiate()
        let trace = RequestTrace()
        #expect(await h.send("GET", "/tasks/\(id)", trace: trace).status == 200)
        #expect(trace.tenant == H.organization())
        #expect(trace.dialect == "chamelio")
        #expect(trace.route == "/tasks/{task_id}")
    }
}
