import Emulator

/// What `polytask`'s options set for the Chamelio dialect. Each field has a flag and an
/// environment variable (see docs/dialects/chamelio.md).
public struct ChamelioConfig: Sendable {
    /// `--auth`: `open` also accepts any well-formed `ca_` key that is not registered, as an
    /// organisation of its own; `strict` only registered keys. Registered keys answer by their
    /// state in both modes (inactive, revoked, expired: 401).
    public var auth: AuthMode = .open
    /// `--chamelio-lifecycle`: how automatic steps (intake, agent) complete for organisations
    /// that have not chosen. `immediate` by default, so that a task initiated by hand is at its
    /// first human step at once.
    public var defaultLifecycle: LifecycleMode = .immediate
    /// `--chamelio-url-ttl`: how long a `download_url` works (its `expires_at`).
    public var urlTTLMillis: Int64 = 3_600_000
    /// `--chamelio-public-url`: the scheme, host and port `download_url`s start with. Empty: the
    /// request's `Host` header over http (what the client reached us by).
    public var publicURL: String = ""

    public init() {}
}
