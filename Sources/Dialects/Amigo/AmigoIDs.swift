import Digest
import Emulator
import FastAPI

/// Identifiers polytask makes up where the vendor would (formats are our choice; the vendor
/// documents only "string" or "uuid").
enum AmigoIDs {
    /// From the emulator's one source of randomness (`--random-seed` makes it reproducible).
    static func randomBytes(_ n: Int) -> [UInt8] { Randomness.shared.bytes(n) }

    /// A random version-4 UUID, lower-case hyphenated.
    static func uuid4() -> String { uuid(fromBytes: randomBytes(16), version: 4) }

    /// A name-based UUID (version 8 layout over SHA-256 of `name`): the same name always
    /// gives the same id, so re-seeding the same key is idempotent.
    static func uuid(named name: String) -> String { uuid(fromBytes: Array(SHA256.hash(name).prefix(16)), version: 8) }

    private static func uuid(fromBytes raw: [UInt8], version: UInt8) -> String {
        var b = raw
        b[6] = (b[6] & 0x0f) | (version << 4)
        b[8] = (b[8] & 0x3f) | 0x80
        let hex = Hex.encode(b)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }

    /// `key_id`: `ak_` and 24 hex digits.
    static func keyID() -> String { "ak_" + Hex.encode(randomBytes(12)) }

    /// A plaintext API key: `amigo_sk_` and 48 hex digits (192 random bits). Only its SHA-256
    /// is stored.
    static func apiKeySecret() -> String { "amigo_sk_" + Hex.encode(randomBytes(24)) }

    /// A bootstrap key for strict mode when none was given.
    static func bootstrapKey() -> String { "amigo_bootstrap_" + Hex.encode(randomBytes(24)) }
}
