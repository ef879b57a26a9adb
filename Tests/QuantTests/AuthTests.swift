import JSON
import Routing
import Testing

@Suite struct AuthTests {
    static let routes: [(String, String, String?)] = [
        ("POST", "/api/v3/organizations/acme/ai/tasks", #"{"title":"t"}"#),
        ("GET", "/api/v3/organizations/acme/ai/tasks", nil),
        ("GET", "/api/v3/organizations/acme/ai/tasks/x", nil),
        ("PUT", "/api/v3/organizations/acme/ai/tasks/x", "{}"),
        ("DELETE", "/api/v3/organizations/acme/ai/tasks/x", nil),
        ("GET", "/api/v3/organizations/acme/ai/tasks/world-1/dependency-graph", nil),
        ("GET", "/api/v3/organizations/acme/ai/nothing-here", nil),
        ("PATCH", "/api/v3/organizations/acme/ai/tasks/x", "{}"),
    ]

    @Test(arguments: [
        [],
        [("Authorization", "")],
        [("Authorization", "Bearer")],
        [("Authorization", "Bearer ")],
        [("Authorization", "Basic dXNlcjpwYXNz")],
        [("Authorization", "Token abc")],
        [("Authorization", "Bearer two words")],
        [("Authorization", "bearer-abc")],
    ])
    func missingOrMalformedBearerIs401Everywhere(headers: [(String, String)]) throws {
        let h = try QuantHarness()
        for (m, p, b) in Self.routes {
            let r = h.send(m, p, b, headers: headers)
            #expect(r.status == 401, "\(m) \(p)")
            #expect(r["error"] == "Unauthorized")
            #expect(r["message"]?.stringValue != nil)
            #expect(r.response.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
        }
        #expect(h.get(QuantHarness.tasks(), headers: QuantHarness.bearer)["count"] == 0, "nothing was created")
    }

    @Test func openModeAcceptsAnyWellFormedTokenAnySchemeCase() throws {
        let h = try QuantHarness()
        for v in ["Bearer anything", "bearer x", "BEARER eyJhbGciOi.J9.x", "Bearer   spaced  "] {
            #expect(h.get(QuantHarness.tasks(), headers: [("Authorization", v)]).status == 200, "\(v)")
        }
    }

    @Test func strictModeAcceptsOnlyTokensRegisteredForTheOrganisation() throws {
        let h = try QuantHarness(auth: .strict)
        let acme = [("Authorization", "Bearer acme-token")]
        #expect(h.get(QuantHarness.tasks("acme"), headers: acme).status == 401)
        let reg = h.post("/_polytask/quant/acme/tokens", #"{"token":"acme-token"}"#, headers: [])
        #expect(reg.status == 201)
        // The token is echoed once, with its non-secret id (12 hex digits of its hash).
        let id = try #require(reg["id"]?.stringValue)
        #expect(id.count == 12 && id.allSatisfy(\.isHexDigit) && !id.contains("acme"))
        #expect(reg.json == ["organisation": "acme", "id": .string(id), "token": "acme-token"])
        #expect(h.get(QuantHarness.tasks("acme"), headers: acme).status == 200)
        #expect(h.post(QuantHarness.tasks("acme"), #"{"title":"t"}"#, headers: acme).status == 201)
        let foreign = h.get(QuantHarness.tasks("globex"), headers: acme)
        #expect(foreign.status == 401)
        #expect(foreign["error"] == "Unauthorized")
        #expect(h.get(QuantHarness.tasks("acme"), headers: [("Authorization", "Bearer other")]).status == 401)
        #expect(h.get(QuantHarness.tasks("acme"), headers: []).status == 401)
    }

    @Test func oneTokenCanServeSeveralOrganisations() throws {
        let h = try QuantHarness(auth: .strict)
        #expect(h.post("/_polytask/quant/acme/tokens", #"{"token":"shared"}"#, headers: []).status == 201)
        #expect(h.post("/_polytask/quant/globex/tokens", #"{"token":"shared"}"#, headers: []).status == 201)
        let t = [("Authorization", "Bearer shared")]
        #expect(h.get(QuantHarness.tasks("acme"), headers: t).status == 200)
        #expect(h.get(QuantHarness.tasks("globex"), headers: t).status == 200)
        #expect(h.get(QuantHarness.tasks("initech"), headers: t).status == 401)
    }

    @Test func tokensCanBeListedAndRevoked() throws {
        let h = try QuantHarness(auth: .strict)
        _ = h.post("/_polytask/quant/acme/tokens", #"{"token":"t1"}"#, headers: [])
        h.tick()
        _ = h.post("/_polytask/quant/acme/tokens", #"{"token":"t2"}"#, headers: [])
        let listed = h.get("/_polytask/quant/acme/tokens", headers: [])
        let ids = listed["tokens"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(ids.count == 2, "\(listed.json)")
        // Listing shows ids, never the tokens.
        #expect(!listed.text.contains("\"t1\"") && !listed.text.contains("\"t2\""))
        // Deleting by the token is not possible: a token in a path would be logged.
        #expect(h.send("DELETE", "/_polytask/quant/acme/tokens/t1", headers: []).status == 404)
        // ids are newest first: ids[1] is t1's.
        #expect(h.send("DELETE", "/_polytask/quant/acme/tokens/\(ids[1])", headers: []).status == 204)
        #expect(h.send("DELETE", "/_polytask/quant/acme/tokens/\(ids[1])", headers: []).status == 404)
        #expect(h.get(QuantHarness.tasks("acme"), headers: [("Authorization", "Bearer t1")]).status == 401)
        #expect(h.get(QuantHarness.tasks("acme"), headers: [("Authorization", "Bearer t2")]).status == 200)
        #expect(h.get("/_polytask/quant/acme/tokens", headers: [])["tokens"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[0]])
        #expect(h.send("DELETE", "/_polytask/quant/acme/tokens/\(ids[0])", headers: []).status == 204)
        #expect(h.get(QuantHarness.tasks("acme"), headers: [("Authorization", "Bearer t2")]).status == 401)
    }

    @Test(arguments: ["{}", #"{"token":""}"#, #"{"token":"a b"}"#, #"{"token":5}"#, "nope"])
    func invalidTokenRegistrationIs400(body: String) throws {
        let h = try QuantHarness(auth: .strict)
        #expect(h.post("/_polytask/quant/acme/tokens", body, headers: []).status == 400)
    }

    @Test func seededTokensWork() throws {
        let h = try QuantHarness(auth: .strict)
        try h.dialect.seed(["acme": ["tasks": [["taskId": "t1", "title": "x"]], "tokens": ["seeded"]]])
        let r = h.get(QuantHarness.tasks("acme") + "/t1", headers: [("Authorization", "Bearer seeded")])
        #expect(r.status == 200)
        #expect(h.get(QuantHarness.tasks("acme") + "/t1", headers: [("Authorization", "Bearer nope")]).status == 401)
    }

    @Test func authIsCheckedBeforeValidation() throws {
        let h = try QuantHarness(auth: .strict)
        #expect(h.post(QuantHarness.tasks(), "{}", headers: [("Authorization", "Bearer x")]).status == 401)
        #expect(h.get(QuantHarness.tasks() + "?limit=0", headers: [("Authorization", "Bearer x")]).status == 401)
    }
}

@Suite struct ErrorShapeTests {
    @Test func unknownPathUnderOrganizationsIs404InQuantStyle() throws {
        let h = try QuantHarness()
        for p in ["/api/v3/organizations/acme/ai/nothing", "/api/v3/organizations/acme", "/api/v3/organizations",
                  "/api/v3/organizations/acme/ai/tasks/a/b/c"] {
            let r = h.get(p)
            #expect(r.status == 404, "\(p)")
            #expect(r.json.keys == ["error", "message"], "\(p)")
            #expect(r["error"] == "Not found")
        }
    }

    @Test func wrongMethodIs405WithAllow() throws {
        let h = try QuantHarness()
        let r = h.send("PATCH", QuantHarness.tasks() + "/x", "{}")
        #expect(r.status == 405)
        #expect(r["error"] == "Method not allowed")
        #expect(r.response.headers["Allow"] == "GET, HEAD, PUT, DELETE")
        let c = h.send("DELETE", QuantHarness.tasks())
        #expect(c.status == 405)
        #expect(c.response.headers["Allow"] == "GET, HEAD, POST")
        #expect(h.send("POST", QuantHarness.tasks() + "/w/dependency-graph", "{}").status == 405)
    }

    @Test func headIsServedLikeGet() throws {
        let h = try QuantHarness()
        #expect(h.send("HEAD", QuantHarness.tasks()).status == 200)
    }
}
