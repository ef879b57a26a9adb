import Emulator

/// What `polytask`'s options set for the agent-task dialect. Each field has a flag and an
/// environment variable (see docs/dialects/agent-task.md).
public struct AgentTaskConfig: Sendable {
    /// `--auth`: in `open` any non-empty `apikey` is accepted (a registered key is its user's; any
    /// other key is a user of its own); in `strict` only keys registered through the control
    /// plane or a seed.
    public var auth: AuthMode = .open
    /// `--agent-task-lifecycle`: how a run moves for users and agents that have not chosen. The
    /// default lets a run finish right after it starts, so a client that only waits for its
    /// callback gets it without polling.
    public var defaultLifecycle: LifecycleMode = .immediate
    /// `--agent-task-list-limit`: the most tasks (or agents) one list returns. The vendor's lists
    /// have no pagination; this bounds the response.
    public var listLimit: Int = 1000

    public init() {}
}
