import Control
import Dispatch
import Emulator
import HTTP1
import Routing
import Store
import Synchronization

/// A dialect on a private in-memory store with a frozen clock, answering through the router
/// exactly as the server calls it (no sockets). The control plane is mounted too (open: no
/// admin token, as on loopback) for seeding, lifecycle modes, advance and the dialect's own
/// control routes, which reach the dialect through `Dialect`.
///
/// Each dialect's test target names it (`typealias AmigoHarness = DialectTestBed<AmigoDialect>`)
/// and adds, in an extension constrained to its dialect, its fixtures, its credentials and
/// shorthands over `route`. The store is closed when the bed goes.
public final class DialectTestBed<D: Dialect>: Sendable {
    public typealias Reply = TestReply

    public let clock: ControllableClock
    public let store: TaskStore
    public let dialect: D
    public let router: Router

    /// - Parameters:
    ///   - start: the frozen clock's time (Unix milliseconds).
    ///   - readers: the store's reader connections (nil: the store's default).
    ///   - make: the dialect over the new store.
    public init(frozenAt start: Int64, readers: Int? = nil, dialect make: (TaskStore) throws -> D) throws {
        clock = ControllableClock(frozenAt: start)
        var options = StoreOptions()
        options.path = ":memory:"
        if let readers { options.readers = readers }
        options.sweepIntervalMillis = 0
        store = try TaskStore(options: options, clock: clock)
        dialect = try make(store)
        var r = Router()
        ControlPlane(options: ControlPlane.Options(), store: store, clock: clock, dialects: [dialect], journal: Journal(capacity: 0),
                     faults: FaultRules(), metrics: Metrics()).mount(on: &r)
        dialect.mount(on: &r)
        router = r
    }

    deinit { store.close() }

    /// The request as the server would hand it to the router: a body goes with
    /// `Content-Type: application/json` unless `headers` name one.
    public static func request(_ method: String, _ target: String, body: [UInt8]?, headers: [(String, String)]) -> HTTPRequest {
        var h = HTTPHeaders(headers)
        if body != nil, !h.contains("Content-Type") { h.add(name: "Content-Type", value: "application/json") }
        return HTTPRequest(head: HTTPRequestHead(method: method, target: target, headers: h), body: body ?? [])
    }

    /// Routes one request and waits for its one response (a second call of the responder stops
    /// the test).
    public func route(_ method: String, _ target: String, body: [UInt8]?, headers: [(String, String)],
                      trace: RequestTrace = RequestTrace()) async -> Reply {
        let request = Self.request(method, target, body: body, headers: headers)
        let router = self.router
        let response: HTTPResponse = await withCheckedContinuation { cont in
            let once = OnceCheck()
            router.handle(request, requestID: "t", trace: trace) { resp in
                once.check()
                cont.resume(returning: resp)
            }
        }
        return Reply(response: response)
    }

    /// `route` for synchronous tests: blocks the calling thread until the response comes.
    public func routeAndWait(_ method: String, _ target: String, body: [UInt8]?, headers: [(String, String)]) -> Reply {
        let request = Self.request(method, target, body: body, headers: headers)
        let box = Mutex<HTTPResponse?>(nil)
        let done = DispatchSemaphore(value: 0)
        let once = OnceCheck()
        router.handle(request, requestID: "t") { resp in
            once.check()
            box.withLock { $0 = resp }
            done.signal()
        }
        done.wait()
        return Reply(response: box.withLock { $0 } ?? HTTPResponse(status: 0))
    }
}

/// Stops the test if a responder is called more than once.
private final class OnceCheck: Sendable {
    private let called = Mutex(false)

    func check() {
        let first = called.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        precondition(first, "responder called twice")
    }
}
