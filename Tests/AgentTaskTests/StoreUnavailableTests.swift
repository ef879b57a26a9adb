import JSON
import DialectTestSupport
import Store
import Testing
@testable import AgentTask

/// A store that cannot serve (a full disk, a read-only file, failing I/O, a lock, a closed
/// store) is a 503 in the API's `{"error"}` shape; any other store failure a 500.
@Suite struct StoreUnavailableTests {
    @Test(arguments: StoreFailures.unavailable)
    func anUnavailableStoreIs503(_ e: StoreError) {
        let r = AgentTaskErrors.store(e)
        #expect(r.status == 503, "\(e)")
        #expect(String(decoding: r.body, as: UTF8.self) == #"{"error":"Service unavailable"}"#)
    }

    @Test(arguments: StoreFailures.bugs)
    func otherStoreFailuresAre500(_ e: StoreError) {
        let r = AgentTaskErrors.store(e)
        #expect(r.status == 500 && String(decoding: r.body, as: UTF8.self) == #"{"error":"Internal server error"}"#, "\(e)")
    }
}
