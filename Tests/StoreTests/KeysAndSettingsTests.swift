import Testing
@testable import Store

@Suite struct KeysAndSettingsTests {
    func key(_ id: String, hash: String, created: Int64, tenant: String = "org1") -> APIKeyRecord {
        APIKeyRecord(dialect: "quant", tenant: tenant, keyID: id, secretHash: hash, name: "n-\(id)", role: "admin",
                     permissionsJSON: #"["tasks:read"]"#, createdAt: created, expiresAt: nil, createdBy: "me")
    }

    @Test func putLookUpListReplaceAndRevoke() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        let k1 = key("k1", hash: "h1", created: 1), k2 = key("k2", hash: "h2", created: 2)
        let other = key("k3", hash: "h3", created: 3, tenant: "org2")
        try store.writeAndWait { tx in
            try tx.putAPIKey(k1)
            try tx.putAPIKey(k2)
            try tx.putAPIKey(other)
        }
        #expect(try store.apiKey(secretHash: "h1") == k1)
        #expect(try store.apiKey(secretHash: "nope") == nil)
        #expect(try store.apiKeys(dialect: "quant", tenant: "org1") == [k2, k1])
        var k1b = k1
        k1b.secretHash = "h1b"
        k1b.role = "reader"
        try store.writeAndWait { [k1b] tx in try tx.putAPIKey(k1b) }
        #expect(try store.apiKey(secretHash: "h1") == nil)
        #expect(try store.apiKey(secretHash: "h1b") == k1b)
        #expect(try store.writeAndWait { tx in try tx.apiKeys(dialect: "quant", tenant: "org1") }.count == 2)
        #expect(try store.writeAndWait { tx in try tx.deleteAPIKey(dialect: "quant", tenant: "org1", keyID: "k2") })
        #expect(try !store.writeAndWait { tx in try tx.deleteAPIKey(dialect: "quant", tenant: "org1", keyID: "k2") })
        #expect(try store.apiKey(secretHash: "h2") == nil)
    }

    @Test func aSecretHashBelongsToOneKey() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        try store.writeAndWait { tx in try tx.putAPIKey(key("k1", hash: "same", created: 1)) }
        #expect(throws: StoreError.invalid("another API key already has this secret")) {
            try store.writeAndWait { tx in try tx.putAPIKey(key("k2", hash: "same", created: 2)) }
        }
    }

    @Test func settingsSetReadOverwriteDelete() throws {
        let (store, _) = try Fixture.store()
        defer { store.close() }
        #expect(try store.setting(dialect: "amigo", tenant: "w", key: "ttl") == nil)
        try store.writeAndWait { tx in try tx.setSetting(dialect: "amigo", tenant: "w", key: "ttl", value: "10") }
        #expect(try store.setting(dialect: "amigo", tenant: "w", key: "ttl") == "10")
        try store.writeAndWait { tx in try tx.setSetting(dialect: "amigo", tenant: "w", key: "ttl", value: "20") }
        #expect(try store.writeAndWait { tx in try tx.setting(dialect: "amigo", tenant: "w", key: "ttl") } == "20")
        #expect(try store.setting(dialect: "amigo", tenant: "other", key: "ttl") == nil)
        try store.writeAndWait { tx in try tx.setSetting(dialect: "amigo", tenant: "w", key: "ttl", value: nil) }
        #expect(try store.setting(dialect: "amigo", tenant: "w", key: "ttl") == nil)
    }
}
