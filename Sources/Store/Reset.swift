/// What a reset deletes (`WriteTransaction.deleteTenant(dialect:tenant:scope:)`,
/// `deleteDialect`, `deleteEverything`). `.data` is what a test suite's per-test reset usually
/// wants; `.all` also forgets the configuration (keys, settings).
public struct ResetScope: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Tasks and their dependency edges.
    public static let tasks = ResetScope(rawValue: 1 << 0)
    /// Resources (agents, workflow definitions, files).
    public static let resources = ResetScope(rawValue: 1 << 1)
    /// Webhook deliveries and their attempts.
    public static let outbox = ResetScope(rawValue: 1 << 2)
    /// API keys and tokens.
    public static let apiKeys = ResetScope(rawValue: 1 << 3)
    /// Settings (lifecycle modes, policies).
    public static let settings = ResetScope(rawValue: 1 << 4)
    /// Counters (`nextSequence`). Only dialect-wide and store-wide resets clear them: they
    /// count across tenants.
    public static let counters = ResetScope(rawValue: 1 << 5)

    /// What the tenant did: tasks, resources, deliveries.
    public static let data: ResetScope = [.tasks, .resources, .outbox]
    /// Everything.
    public static let all: ResetScope = [.tasks, .resources, .outbox, .apiKeys, .settings, .counters]
}

/// Rows a reset deleted, by kind.
public struct ResetCounts: Sendable, Equatable {
    public var tasks = 0
    public var resources = 0
    public var deliveries = 0
    public var apiKeys = 0
    public var settings = 0
    public var counters = 0

    public init(tasks: Int = 0, resources: Int = 0, deliveries: Int = 0, apiKeys: Int = 0, settings: Int = 0, counters: Int = 0) {
        self.tasks = tasks
        self.resources = resources
        self.deliveries = deliveries
        self.apiKeys = apiKeys
        self.settings = settings
        self.counters = counters
    }
}

/// A position in an export (insertion order): continue after this `seq`.
public struct ExportCursor: Sendable, Hashable {
    public var seq: Int64
    public init(seq: Int64) { self.seq = seq }
}

/// One page of an export, in insertion order, and where the next starts (nil: done).
public struct ExportPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: ExportCursor?

    public init(items: [Item], next: ExportCursor?) {
        self.items = items
        self.next = next
    }
}

extension ExportPage: Equatable where Item: Equatable {}
