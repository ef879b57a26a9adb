import Digest

/// A vendor API key as the store keeps it. The secret itself is never stored, only its hex
/// SHA-256 (`hash(secret:)`, or the namespaced `hash(secret:dialect:tenant:)`), so
/// authentication hashes the presented secret and looks the hash up; `keyID` is a
/// non-secret name for the key (never the secret), safe to list and to put in URLs.
public struct APIKeyRecord: Sendable, Equatable {
    public var dialect: String
    public var tenant: String
    public var keyID: String
    /// Lower-case hex SHA-256 of the secret. Unique across the store.
    public var secretHash: String
    public var name: String?
    public var role: String
    /// Compact JSON (usually an array of permission strings), as the vendor shows it.
    public var permissionsJSON: String
    /// The dialect's word for the key's state (Chamelio: active, inactive, revoked, expired).
    /// The store does not interpret it: a lookup finds a key in any state, and the dialect
    /// decides what each state answers. New keys are `"active"`.
    public var state: String
    /// Who owns the key (Chamelio: an email), if the vendor has an owner.
    public var owner: String?
    public var createdAt: Int64
    /// When the key was last changed (a rotation); `createdAt` until then.
    public var updatedAt: Int64
    /// When the key last authenticated a request (`WriteTransaction.touchAPIKey`).
    public var lastUsedAt: Int64?
    /// After this instant the key no longer authenticates and is not listed.
    public var expiresAt: Int64?
    public var createdBy: String?

    public init(dialect: String, tenant: String, keyID: String, secretHash: String, name: String? = nil,
                role: String, permissionsJSON: String = "[]", state: String = "active", owner: String? = nil,
                createdAt: Int64, updatedAt: Int64? = nil, lastUsedAt: Int64? = nil, expiresAt: Int64? = nil,
                createdBy: String? = nil) {
        self.dialect = dialect
        self.tenant = tenant
        self.keyID = keyID
        self.secretHash = secretHash
        self.name = name
        self.role = role
        self.permissionsJSON = permissionsJSON
        self.state = state
        self.owner = owner
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.createdBy = createdBy
    }
}

// MARK: credentials, hashed one way

extension APIKeyRecord {
    /// Hex SHA-256 of the secret's UTF-8 bytes: for secrets that are unique by construction
    /// (random keys a dialect issues, such as Amigo's).
    public static func hash(secret: String) -> String {
        SHA256.hexHash(secret)
    }

    /// Hex SHA-256 of `dialect NUL tenant NUL secret`: for secrets a user chooses, which may be
    /// registered for several tenants (a Quant token for two organisations). The lookup by
    /// hash then finds exactly that (dialect, tenant, secret), and the hash can never equal
    /// another dialect's or tenant's.
    public static func hash(secret: String, dialect: String, tenant: String) -> String {
        var input = Array(dialect.utf8)
        input.append(0)
        input.append(contentsOf: tenant.utf8)
        input.append(0)
        input.append(contentsOf: secret.utf8)
        return Hex.encode(SHA256.hash(input))
    }

    /// A non-secret key id derived from a secret hash: its first 12 hex digits (48 bits). It
    /// reveals nothing usable about the secret and is stable, so the same secret registered
    /// twice is the same key.
    public static func derivedKeyID(secretHash: String) -> String {
        String(secretHash.prefix(12))
    }
}
