import FastAPI
import JSON
import Store

/// The `ApiKeyResponse` fields the shared `APIKeyRecord` has no column for: `updated_at`
/// (moved by a rotation) and `last_used_at`. Kept as a store setting per key,
/// `api_key:<key_id>` in the workspace, written in the same transaction as the key.
/// The key's `id` (a UUID, distinct from `key_id`) needs no storage: it is derived from the
/// workspace and key_id (`id(of:)`), so it is stable across rotations and restarts.
struct AmigoAPIKeyMeta: Sendable, Equatable {
    var updatedAt: Int64
    var lastUsedAt: Int64?

    static func settingKey(_ keyID: String) -> String { "api_key:" + keyID }

    static func id(of k: APIKeyRecord) -> String { id(tenant: k.tenant, keyID: k.keyID) }

    static func id(tenant: String, keyID: String) -> String { AmigoIDs.uuid(named: "amigo-api-key/" + tenant + "/" + keyID) }

    init(updatedAt: Int64, lastUsedAt: Int64? = nil) {
        self.updatedAt = updatedAt
        self.lastUsedAt = lastUsedAt
    }

    /// Parses the stored text; a missing or damaged one falls back to the key's creation time.
    init(text: String?, record: APIKeyRecord) {
        let v = text.flatMap { try? JSONParser.parse($0) } ?? .null
        updatedAt = v["updated_at"]?.intValue ?? record.createdAt
        lastUsedAt = v["last_used_at"]?.intValue
    }

    var text: String {
        var o: [String: JSONValue] = ["updated_at": .int(updatedAt)]
        if let lastUsedAt { o["last_used_at"] = .int(lastUsedAt) }
        return JSONValue.object(o).encodedString
    }
}
