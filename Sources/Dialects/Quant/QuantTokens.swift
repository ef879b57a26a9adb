import Store

/// Strict-mode tokens, stored as `APIKeyRecord`s (dialect `quant`, tenant = organisation),
/// hashed one way like every credential: `secretHash` is the store's namespaced SHA-256 of
/// (quant, organisation, token), so one token may be registered for several organisations
/// and the store's lookup by hash finds exactly that pair. `keyID` is a non-secret id
/// derived from the hash (`APIKeyRecord.derivedKeyID`): listing tokens shows ids, never tokens.
enum QuantTokens {
    static func secretHash(organisation: String, token: String) -> String {
        APIKeyRecord.hash(secret: token, dialect: QuantTask.dialect, tenant: organisation)
    }

    /// The id a token registered for `organisation` has (and keeps if registered again).
    static func id(organisation: String, token: String) -> String {
        APIKeyRecord.derivedKeyID(secretHash: secretHash(organisation: organisation, token: token))
    }

    static func record(organisation: String, token: String, now: Int64, createdBy: String) -> APIKeyRecord {
        record(organisation: organisation, hash: secretHash(organisation: organisation, token: token), now: now, createdBy: createdBy)
    }

    /// A token known only by its hash (an export's `tokenHashes`, seeded back).
    static func record(organisation: String, hash: String, now: Int64, createdBy: String) -> APIKeyRecord {
        APIKeyRecord(dialect: QuantTask.dialect, tenant: organisation, keyID: APIKeyRecord.derivedKeyID(secretHash: hash),
                            secretHash: hash, name: nil, role: "bearer", permissionsJSON: "[]", createdAt: now,
                            expiresAt: nil, createdBy: createdBy)
    }

    /// A token must be non-empty and free of whitespace, or no `Bearer` header could carry it.
    static func isValid(_ token: String) -> Bool {
        !token.isEmpty && !token.contains(where: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
    }
}
