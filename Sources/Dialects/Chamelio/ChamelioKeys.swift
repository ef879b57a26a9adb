import Emulator
import Store

/// Chamelio API keys (`X-API-Key: ca_<base64url>`): what a well-formed key is, how the store
/// keeps one, and which organisation an unregistered key stands for in `--auth open`.
///
/// A key is looked up by the presented secret alone (the organisation comes from the key), so
/// its hash is namespaced with the dialect and an empty tenant
/// (`APIKeyRecord.hash(secret:dialect:tenant:"")`) and found with `store.apiKey(secretHash:)`.
/// The plaintext is stored nowhere. A key's `state` is the vendor's: `active`, `inactive`,
/// `revoked` or `expired`. Expiry is a state, not the store's `expires_at`, because the store
/// hides a key past `expires_at` and the vendor answers "API key has expired" for it.
enum ChamelioKeys {
    static let prefix = "ca_"
    static let states = ["active", "inactive", "revoked", "expired"]
    /// Longer keys are not keys (and are not hashed).
    static let maxLength = 512

    /// `ca_` followed by at least one base64url character (letters, digits, `-`, `_`), as the
    /// vendor's example `ca_xYz123AbCdEfGhIjKlMnOpQrStUvWxYz`.
    static func isWellFormed(_ key: String) -> Bool {
        let b = key.utf8
        guard b.count > prefix.utf8.count, b.count <= maxLength, key.hasPrefix(prefix) else { return false }
        return b.dropFirst(prefix.utf8.count).allSatisfy { c in
            (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
        }
    }

    static func hash(_ key: String) -> String {
        APIKeyRecord.hash(secret: key, dialect: ChamelioDialect.dialectName, tenant: "")
    }

    /// The non-secret id of a key: `key_` and the first 12 hex digits of its hash.
    static func keyID(hash: String) -> String { "key_" + APIKeyRecord.derivedKeyID(secretHash: hash) }

    /// In `--auth open`, the organisation of a well-formed key nobody registered: `org_` and
    /// the first 12 hex digits of its hash, so the same key is always the same organisation
    /// and different keys do not see each other's tasks.
    static func openOrganization(hash: String) -> String { "org_" + APIKeyRecord.derivedKeyID(secretHash: hash) }

    /// A new key: `ca_` and 32 base64url characters (24 random bytes).
    static func generate() -> String { prefix + Base64.encode(Randomness.shared.bytes(24), urlSafe: true, padding: false) }

    /// The 401 text for a registered key in `state`; nil for an active one.
    static func refusal(state: String) -> String? {
        switch state {
        case "active": return nil
        case "inactive": return "API key is inactive"
        case "revoked": return "API key has been revoked"
        case "expired": return "API key has expired"
        default: return "Invalid API key"
        }
    }
}
