import HTTP1
import JSON
import Routing
import Store

/// The emulator's own API under the reserved prefix `/_polytask/`, which no vendor path can
/// collide with (moto's `/moto-api`, LocalStack's `/_localstack`).
public struct ControlPlane: Sendable {
    public static let prefix = "/_polytask/"

    private let store: TaskStore
    private let version: String

    public init(store: TaskStore, version: String) {
        self.store = store
        self.version = version
    }

    public func mount(on router: inout Router) {
        router.errorShape(forPrefix: Self.prefix, DefaultErrorShape())
        let body: [UInt8] = {
            var w = JSONWriter(capacity: 64)
            w.beginObject()
            w.key("status"); w.string("ok")
            w.key("version"); w.string(version)
            w.endObject()
            return w.bytes
        }()
        // The store is opened before the server starts listening, so a health answer always
        // means the store is open (LocalStack-style readiness).
        router.get("/_polytask/health") { _ in .json(200, body) }
    }
}
