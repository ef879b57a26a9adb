import Emulator
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
}
