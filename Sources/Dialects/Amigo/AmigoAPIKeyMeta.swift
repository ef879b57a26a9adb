import Store

/// The key's `id` (a UUID, distinct from `key_id`) needs no storage: it is derived from the
/// workspace and key_id, so it is stable across rotations and restarts. `updated_at` and
/// `last_used_at` are the store's `api_keys` columns (`APIKeyRecord.updatedAt`, `lastUsedAt`).
enum AmigoAPIKeyMeta {
    static func id(of k: APIKeyRecord) -> String { id(tenant: k.tenant, keyID: k.keyID) }

    static func id(tenant: String, keyID: String) -> String { AmigoIDs.uuid(named: "amigo-api-key/" + tenant + "/" + keyID) }
}
