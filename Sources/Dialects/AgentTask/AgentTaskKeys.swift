import Store

/// API keys, stored as `APIKeyRecord`s (dialect `agentTask`, tenant = the user the key belongs
/// to), hashed one way like every credential. A key is presented alone (the `apikey` header
/// names no user), so its hash is taken with tenant "" and the store's lookup by hash finds
/// its user. `keyID` is the non-secret id derived from the hash: listings and revocation use
/// it, never the key.
enum AgentTaskKeys {
    static func hash(_ key: String) -> String {
        APIKeyRecord.hash(secret: key, dialect: AgentTaskDialect.dialectName, tenant: "")
    }

    static func id(hash: String) -> String { APIKeyRecord.derivedKeyID(secretHash: hash) }

    /// The user an unregistered key stands for in `--auth open`: named after its hash, so the
    /// same key is the same user across requests and restarts, and the key never becomes a
    /// tenant name (tenants are logged).
    static func anonymousUser(hash: String) -> String { "key_" + id(hash: hash) }

    static func record(user: String, hash: String, now: Int64, createdBy: String) -> APIKeyRecord {
        APIKeyRecord(dialect: AgentTaskDialect.dialectName, tenant: user, keyID: id(hash: hash), secretHash: hash,
                     role: "user", createdAt: now, createdBy: createdBy)
    }

    /// A key must be non-empty and free of whitespace and control characters, or no header
    /// could carry it as sent.
    static func isValid(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 512 && !key.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F })
    }

    static func isHash(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) }
    }
}
