import Store

/// The key a request's bearer token names, before it is checked against the workspace of the
/// path (FastAPI resolves the security dependency before it validates the path).
enum AmigoKey: Sendable {
    /// Open mode: a token that names no key (or a route that does not ask which key).
    case anyone
    /// Strict mode's bootstrap key: every workspace, role `owner`.
    case bootstrap
    /// A key issued through the api-key endpoints or seeded.
    case issued(APIKeyRecord)
}
