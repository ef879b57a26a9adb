/// Who is calling, as far as the api-key endpoints care: the credential's `id` (recorded as
/// `created_by_credential_id`, and what `mine_only` filters on) and its role (a caller may
/// not issue a key above its own role in strict mode).
struct AmigoCaller: Sendable, Equatable {
    var credentialID: String?
    var keyID: String?
    var role: String
    var isBootstrap: Bool

    /// The bootstrap key, or any token in open mode that is not a known key: full access.
    static let owner = AmigoCaller(credentialID: nil, keyID: nil, role: "owner", isBootstrap: true)

    /// Workspace roles from the vendor spec's permission notes, lowest first.
    static let roles = ["viewer", "operator", "member", "admin", "owner"]

    static func rank(_ role: String) -> Int { roles.firstIndex(of: role) ?? -1 }
}
