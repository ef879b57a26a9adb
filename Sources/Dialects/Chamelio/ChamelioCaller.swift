/// Who is calling: the organisation the `X-API-Key` belongs to (the store tenant) and, for a
/// registered key, its id and owner email (the default `user` of initiate and approve).
struct ChamelioCaller: Sendable, Equatable {
    var organization: String
    var ownerEmail: String?
    /// Nil for an unregistered key accepted in `--auth open`.
    var keyID: String?
}
