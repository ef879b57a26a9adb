/// The `api_keys` table's columns, in one place (see `StoredRow`).
extension APIKeyRecord: StoredRow {
    static var blank: APIKeyRecord {
        APIKeyRecord(dialect: "", tenant: "", keyID: "", secretHash: "", role: "", createdAt: 0)
    }

    static func columns<V: ColumnVisitor>(_ v: inout V, _ k: inout APIKeyRecord) {
        v.visit("dialect", .key, &k.dialect)
        v.visit("tenant", .key, &k.tenant)
        v.visit("key_id", .key, &k.keyID)
        v.visit("secret_hash", .value, &k.secretHash)
        v.visit("name", .value, &k.name)
        v.visit("role", .value, &k.role)
        v.visit("permissions_json", .value, &k.permissionsJSON)
        v.visit("state", .value, &k.state)
        v.visit("owner", .value, &k.owner)
        v.visit("created_at", .value, &k.createdAt)
        v.visit("updated_at", .value, &k.updatedAt)
        v.visit("last_used_at", .value, &k.lastUsedAt)
        v.visit("expires_at", .value, &k.expiresAt)
        v.visit("created_by", .value, &k.createdBy)
    }
}

enum APIKeyColumns {
    static let set = ColumnSet<APIKeyRecord>(table: "api_keys")

    static func decode(_ st: Statement) -> APIKeyRecord {
        var k = APIKeyRecord.blank
        set.decode(st, into: &k)
        return k
    }
}
