import Emulator
import FastAPI
import Routing

/// What `polytask`'s options set for the Amigo dialect. Each field has a flag and an
/// environment variable (see docs/dialects/amigo.md).
public struct AmigoConfig: Sendable {
    /// `--auth`: `open` takes any bearer token; `strict` only keys issued through the api-key
    /// endpoints (or seeded) for the same workspace, and the bootstrap key.
    public var auth: AuthMode = .open
    /// `--amigo-task-ttl`: a task is gone (404) this long after it was created. The vendor's
    /// 404 says "Task not found or expired" but documents no TTL; 24 h is our choice.
    public var taskTTLMillis: Int64 = 24 * 3600 * 1000
    /// `--amigo-bootstrap-key`: in strict mode, a key that works in every workspace, to issue
    /// the first real keys with. Nil in strict mode: one is generated and printed at start.
    public var bootstrapKey: String? = nil
    /// `--amigo-rate-limit`: requests per minute per workspace; 0 turns the limit (and its
    /// headers) off.
    public var rateLimitPerMinute: Int = 0
    /// `--amigo-lifecycle`: the simulator mode for workspaces that have not chosen one.
    public var defaultLifecycle: LifecycleMode = .manual

    /// `--amigo-by-call-limit`: a memory guard on one by-call answer. The vendor returns all of
    /// a call's tasks ("List all tasks for a call") and has no pagination there; a call spawns a
    /// handful of tasks, so the default is far above anything a real call reaches and only
    /// bounds a pathological one (past it, the newest tasks are returned).
    public var byCallLimit: Int = 10_000

    public init() {}
}
