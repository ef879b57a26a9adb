import Store

/// Where a dialect's lifecycle modes live: a store setting `lifecycle` per (dialect, tenant),
/// a dialect-wide choice under the tenant `*`, and the dialect's flag default behind both.
/// Kept in the store so that a mode chosen through the control plane survives a restart and
/// is exported with the tenant.
public struct Lifecycles: Sendable {
    public static let settingKey = "lifecycle"
    /// The tenant under which a dialect-wide mode is stored.
    public static let allTenants = "*"

    public let store: TaskStore
    public let dialect: String
    /// The flag's default, for tenants (and the dialect) that have not chosen.
    public let fallback: LifecycleMode

    public init(store: TaskStore, dialect: String, fallback: LifecycleMode) {
        self.store = store
        self.dialect = dialect
        self.fallback = fallback
    }

    /// The mode for `tenant`: its own, else the dialect-wide one, else the flag's.
    public func mode(tenant: String) throws(StoreError) -> LifecycleMode {
        if let own = try store.setting(dialect: dialect, tenant: tenant, key: Self.settingKey),
           let m = LifecycleMode(flag: own) { return m }
        if let all = try store.setting(dialect: dialect, tenant: Self.allTenants, key: Self.settingKey),
           let m = LifecycleMode(flag: all) { return m }
        return fallback
    }

    /// The same inside a write, so that a poll uses the mode current at commit time.
    public func mode(_ tx: WriteTransaction, tenant: String) throws(StoreError) -> LifecycleMode {
        if let own = try tx.setting(dialect: dialect, tenant: tenant, key: Self.settingKey),
           let m = LifecycleMode(flag: own) { return m }
        if let all = try tx.setting(dialect: dialect, tenant: Self.allTenants, key: Self.settingKey),
           let m = LifecycleMode(flag: all) { return m }
        return fallback
    }

    /// The tenant's own choice (or the dialect-wide one for `*`), nil if none: what an export shows.
    public func own(tenant: String) throws(StoreError) -> LifecycleMode? {
        try store.setting(dialect: dialect, tenant: tenant, key: Self.settingKey).flatMap(LifecycleMode.init(flag:))
    }

    /// Sets (or with nil, drops) the tenant's own choice; `*` sets the dialect-wide one.
    public func set(_ tx: WriteTransaction, tenant: String, mode: LifecycleMode?) throws(StoreError) {
        try tx.setSetting(dialect: dialect, tenant: tenant, key: Self.settingKey, value: mode?.description)
    }
}
