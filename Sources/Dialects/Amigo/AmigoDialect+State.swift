import Emulator
import FastAPI
import JSON
import Store

/// The Amigo part of the control plane's export and reset.
extension AmigoDialect {
    public func export(tenant: String?) throws -> JSONValue {
        throw ControlError(status: 501, code: "not_implemented", message: "export is not implemented for amigo yet")
    }

    public func reset(tenant: String?) throws {
        throw ControlError(status: 501, code: "not_implemented", message: "reset is not implemented for amigo yet")
    }
}

extension AmigoDialect {
    public var defaultLifecycle: LifecycleMode? { config.defaultLifecycle }

    /// Workspaces are UUIDs; the store keeps their canonical form (`*` is the dialect-wide
    /// lifecycle's tenant).
    public func tenant(_ raw: String) throws -> String {
        if raw == Lifecycles.allTenants { return raw }
        switch PydanticUUID.parse(raw) {
        case .failure(let e): throw ControlError.invalid("\(raw) is not a workspace UUID: \(e.description)")
        case .success(let ws): return ws
        }
    }
}
