import Store

/// Strict-mode tokens, stored as `APIKeyRecord`s (dialect `quant`, tenant = organisation,
/// keyID = the token).
///
/// `secretHash` is NOT a hash here: the Quant target cannot depend on the `Digest` target, and
/// these are test credentials of an emulator, not secrets. It holds the token itself,
/// namespaced as `quant:<utf8 length of org>:<org>:<token>` so that (a) the store's global
/// lookup by `secretHash` finds exactly the (organisation, token) pair, letting one token be
/// registered for several organisations, and (b) it can never equal another dialect's
/// hex SHA-256.
enum QuantTokens {
    static func secretHash(organisation: String, token: String) -> String {
        "quant:\(organisation.utf8.count):\(organisation):\(token)"
    }

    static func record(organisation: String, token: String, now: Int64, createdBy: String) -> APIKeyRecord {
        APIKeyRecord(dialect: QuantTask.dialect, tenant: organisation, keyID: token,
                     secretHash: secretHash(organisation: organisation, token: token), name: nil,
                     role: "bearer", permissionsJSON: "[]", createdAt: now, expiresAt: nil, createdBy: createdBy)
    }

    /// A token must be non-empty and free of whitespace, or no `Bearer` header could carry it.
    static func isValid(_ token: String) -> Bool {
        !token.isEmpty && !token.contains(where: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
    }
}
