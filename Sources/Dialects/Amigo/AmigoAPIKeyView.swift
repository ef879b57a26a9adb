import FastAPI
import JSON
import Store

/// Renders `ApiKeyResponse`, `CreateApiKeyResponse` and the paginated list, in the key order
/// of the vendor's models (their `required` lists).
enum AmigoAPIKeyView {
    static func write(_ k: APIKeyRecord, to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(AmigoAPIKeyMeta.id(of: k))
        w.key("workspace_id"); w.string(k.tenant)
        w.key("created_by_entity_id"); w.null()
        w.key("created_by_credential_id"); if let c = k.createdBy { w.string(c) } else { w.null() }
        w.key("key_id"); w.string(k.keyID)
        w.key("name"); if let n = k.name { w.string(n) } else { w.null() }
        w.key("role"); w.string(k.role)
        w.key("permissions"); w.raw(permissions(k))
        w.key("expires_at"); w.string(AmigoTimestamp.pydanticDateTime(k.expiresAt ?? k.createdAt))
        w.key("last_used_at"); if let t = k.lastUsedAt { w.string(AmigoTimestamp.pydanticDateTime(t)) } else { w.null() }
        w.key("created_at"); w.string(AmigoTimestamp.pydanticDateTime(k.createdAt))
        w.key("updated_at"); w.string(AmigoTimestamp.pydanticDateTime(k.updatedAt))
        w.endObject()
    }

    /// The answer to a create or a rotate: the only time the plaintext `api_key` is shown.
    static func created(_ k: APIKeyRecord, secret: String) -> [UInt8] {
        var w = JSONWriter(capacity: 384)
        w.beginObject()
        w.key("key_id"); w.string(k.keyID)
        w.key("api_key"); w.string(secret)
        w.key("name"); if let n = k.name { w.string(n) } else { w.null() }
        w.key("role"); w.string(k.role)
        w.key("permissions"); w.raw(permissions(k))
        w.key("expires_at"); w.string(AmigoTimestamp.pydanticDateTime(k.expiresAt ?? k.createdAt))
        w.key("created_by_entity_id"); w.null()
        w.key("created_by_credential_id"); if let c = k.createdBy { w.string(c) } else { w.null() }
        w.endObject()
        return w.bytes
    }

    static func page(_ items: ArraySlice<APIKeyRecord>, hasMore: Bool, next: Int64?, total: Int) -> [UInt8] {
        var w = JSONWriter(capacity: 128 + items.count * 400)
        w.beginObject()
        w.key("items")
        w.beginArray()
        for k in items { write(k, to: &w) }
        w.endArray()
        w.key("has_more"); w.bool(hasMore)
        w.key("continuation_token"); if let next { w.int(next) } else { w.null() }
        w.key("total"); w.int(total)
        w.endObject()
        return w.bytes
    }

    /// The stored permissions text when it is a JSON array, else `[]`.
    private static func permissions(_ k: APIKeyRecord) -> String {
        let t = k.permissionsJSON
        return t.utf8.first == UInt8(ascii: "[") ? t : "[]"
    }
}
