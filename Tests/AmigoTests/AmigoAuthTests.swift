import Digest
import JSON
import Store
import Testing
@testable import Amigo

/// `--auth open|strict` on the vendor routes.
@Suite struct AmigoAuthTests {
    typealias H = AmigoHarness
    let ws = H.workspace

    private func seededTask(_ h: H, workspace: String = AmigoHarness.workspace) async {
        await h.create(#"{"task_id":"t","call_sid":"c","skill":"s"}"#, workspace: workspace)
    }

    @Test func missingOrEmptyCredentialsAre401NotAuthenticated() async throws {
        let h = try H()
        await seededTask(h)
        for headers in [[], [("Authorization", "Bearer")], [("Authorization", "Bearer ")], [("Authorization", "")]] {
            let r = await h.get("/v1/\(ws)/tasks/t", headers: headers)
            #expect(r.status == 401)
            #expect(r.text == #"{"detail":"Not authenticated"}"#)
            #expect(r.headers["WWW-Authenticate"] == "Bearer")
        }
    }

    /// FastAPI 0.136's `HTTPBearer` answers another scheme like a missing header (the oracle,
    /// Tests/oracle); this test used to expect an older release's "Invalid authentication credentials".
    @Test func anotherSchemeIs401NotAuthenticated() async throws {
        let h = try H()
        let r = await h.get("/v1/\(ws)/tasks/t", headers: [("Authorization", "Basic dXNlcjpwYXNz")])
        #expect(r.status == 401)
        #expect(r.text == #"{"detail":"Not authenticated"}"#)
        #expect(r.headers["WWW-Authenticate"] == "Bearer")
    }

    @Test func openModeAcceptsAnyBearerTokenAnySchemeCase() async throws {
        let h = try H()
        await seededTask(h)
        for token in ["x", "whatever-123", "amigo_sk_not_issued"] {
            #expect(await h.get("/v1/\(ws)/tasks/t", headers: H.bearer(token)).status == 200)
        }
        #expect(await h.get("/v1/\(ws)/tasks/t", headers: [("Authorization", "bearer x")]).status == 200)
    }

    @Test func strictGeneratesABootstrapKeyOnlyWhenNoneIsGiven() throws {
        #expect(try H { $0.auth = .strict }.dialect.generatedBootstrapKey?.hasPrefix("amigo_bootstrap_") == true)
        #expect(try H { $0.auth = .strict; $0.bootstrapKey = "boot" }.dialect.generatedBootstrapKey == nil)
        #expect(try H().dialect.generatedBootstrapKey == nil)
    }

    @Test func strictAcceptsOnlyTheBootstrapKeyAndIssuedKeysInTheirOwnWorkspace() async throws {
        let h = try H { $0.auth = .strict; $0.bootstrapKey = "boot" }
        await seededTask(h)
        await seededTask(h, workspace: H.otherWorkspace)
        let unknown = await h.get("/v1/\(ws)/tasks/t", headers: H.bearer("random"))
        #expect(unknown.status == 401)
        #expect(unknown.text == #"{"detail":"Invalid or expired API key."}"#)
        // The bootstrap key works everywhere.
        #expect(await h.get("/v1/\(ws)/tasks/t", headers: H.bearer("boot")).status == 200)
        #expect(await h.get("/v1/\(H.otherWorkspace)/tasks/t", headers: H.bearer("boot")).status == 200)
        // Issue a key in ws with the bootstrap key.
        let created = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 1}"#, headers: H.bearer("boot"))
        #expect(created.status == 201)
        let key = try #require(created["api_key"]?.stringValue)
        #expect(await h.get("/v1/\(ws)/tasks/t", headers: H.bearer(key)).status == 200)
        let elsewhere = await h.get("/v1/\(H.otherWorkspace)/tasks/t", headers: H.bearer(key))
        #expect(elsewhere.status == 403)
        #expect(elsewhere.text == #"{"detail":"Insufficient permissions."}"#)
    }

    @Test func strictGeneratedBootstrapKeyWorks() async throws {
        let h = try H { $0.auth = .strict }
        await seededTask(h)
        let boot = try #require(h.dialect.generatedBootstrapKey)
        #expect(await h.get("/v1/\(ws)/tasks/t", headers: H.bearer(boot)).status == 200)
    }

    @Test func strictKeyExpiresOnTheStoreClock() async throws {
        let h = try H { $0.auth = .strict; $0.bootstrapKey = "boot"; $0.taskTTLMillis = 10 * 86_400_000 }
        await seededTask(h)
        let created = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 2}"#, headers: H.bearer("boot"))
        let key = try #require(created["api_key"]?.stringValue)
        h.clock.advance(byMillis: 2 * 86_400_000 - 1)
        #expect(await h.get("/v1/\(ws)/tasks/t", headers: H.bearer(key)).status == 200)
        h.clock.advance(byMillis: 1)
        #expect(await h.get("/v1/\(ws)/tasks/t", headers: H.bearer(key)).status == 401)
    }

    @Test func strictRotateKillsTheOldSecretAtOnceAndDeleteKillsTheKey() async throws {
        let h = try H { $0.auth = .strict; $0.bootstrapKey = "boot" }
        await seededTask(h)
        let created = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 5, "role": "admin"}"#, headers: H.bearer("boot"))
        let old = try #require(created["api_key"]?.stringValue)
        let keyID = try #require(created["key_id"]?.stringValue)
        // The key rotates itself.
        let rotated = await h.send("POST", "/v1/\(ws)/api-keys/\(keyID)/rotate", body: #"{"duration_days": 5}"#, headers: H.bearer(old))
        #expect(rotated.status == 200)
        let new = try #require(rotated["api_key"]?.stringValue)
        #expect(new != old)
        #expect(rotated["key_id"]?.stringValue == keyID)
        #expect(await h.get("/v1/\(ws)/tasks/t", headers: H.bearer(old)).status == 401)
        #expect(await h.get("/v1/\(ws)/tasks/t", headers: H.bearer(new)).status == 200)
        let deleted = await h.send("DELETE", "/v1/\(ws)/api-keys/\(keyID)", headers: H.bearer(new))
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        #expect(await h.get("/v1/\(ws)/tasks/t", headers: H.bearer(new)).status == 401)
    }

    @Test func strictRoleEscalationIs403() async throws {
        let h = try H { $0.auth = .strict; $0.bootstrapKey = "boot" }
        let member = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 5}"#, headers: H.bearer("boot"))
        #expect(member["role"] == "member")
        let key = try #require(member["api_key"]?.stringValue)
        let up = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 5, "role": "admin"}"#, headers: H.bearer(key))
        #expect(up.status == 403)
        #expect(up.text == #"{"detail":"Requested role exceeds caller access."}"#)
        let same = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 5, "role": "viewer"}"#, headers: H.bearer(key))
        #expect(same.status == 201)
        #expect(same["created_by_credential_id"]?.stringValue == AmigoAPIKeyMeta.id(tenant: ws, keyID: member["key_id"]?.stringValue ?? ""))
    }

    @Test func seededKeysAuthenticateInStrictMode() async throws {
        let h = try H { $0.auth = .strict; $0.bootstrapKey = "boot" }
        try h.dialect.seed(["amigo": [ws: ["tasks": [["task_id": "t", "call_sid": "c", "skill": "s"]],
                                                    "api_keys": [["api_key": "seeded-secret", "name": "ci"]]]]])
        #expect(await h.get("/v1/\(ws)/tasks/t", headers: H.bearer("seeded-secret")).status == 200)
        let stored = try h.store.apiKeys(dialect: "amigo", tenant: ws)
        #expect(stored.count == 1)
        #expect(stored.first?.secretHash == SHA256.hexHash("seeded-secret"))
        #expect(stored.first?.role == "owner")
    }

    @Test func strictUseUpdatesLastUsedAt() async throws {
        let h = try H { $0.auth = .strict; $0.bootstrapKey = "boot" }
        await seededTask(h)
        let created = await h.send("POST", "/v1/\(ws)/api-keys", body: #"{"duration_days": 5}"#, headers: H.bearer("boot"))
        let key = try #require(created["api_key"]?.stringValue)
        let before = await h.get("/v1/\(ws)/api-keys", headers: H.bearer("boot"))
        #expect(before["items"]?.arrayValue?.first?["last_used_at"] == .null)
        h.clock.advance(byMillis: 1500)
        #expect(await h.get("/v1/\(ws)/tasks/t", headers: H.bearer(key)).status == 200)
        // The use is recorded by a write queued behind the read; a later write flushes it.
        _ = try h.store.writeAndWait { _ in 0 }
        let after = await h.get("/v1/\(ws)/api-keys", headers: H.bearer("boot"))
        #expect(after["items"]?.arrayValue?.first?["last_used_at"] == "2026-05-06T12:00:01.500000Z")
    }
}
