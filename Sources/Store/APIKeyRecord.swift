/// A vendor API key as the store keeps it: the secret itself is never stored, only its hex
/// SHA-256, so authentication hashes the presented secret and looks the hash up.
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
    public var createdAt: Int64
    /// After this instant the key no longer authenticates and is not listed.
    public var expiresAt: Int64?
    public var createdBy: String?

    public init(dialect: String, tenant: String, keyID: String, secretHash: String, name: String? = nil,
                role: String, permissionsJSON: String = "[]", createdAt: Int64, expiresAt: Int64? = nil,
                createdBy: String? = nil) {
        self.dialect = dialect
        self.tenant = tenant
        self.keyID = keyID
        self.secretHash = secretHash
        self.name = name
        self.role = role
        self.permissionsJSON = permissionsJSON
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.createdBy = createdBy
    }
}
