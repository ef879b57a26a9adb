import FastAPI
import Testing

/// The dialects on FastAPI (Amigo, Chamelio) answer a store failure with
/// `FastAPIErrors.storeFailure`: FastAPI's 503 `{"detail":"Service Unavailable"}` while the
/// store cannot serve, its 500 otherwise. The robustness black-box suite
/// (Tests/blackbox/robustness/test_store_outage.py) checks each dialect answers it on the wire.
@Suite struct FastAPIStoreFailureTests {
    @Test func aStoreThatCannotServeIs503() {
        let r = FastAPIErrors.storeFailure(unavailable: true)
        #expect(r.status == 503)
        #expect(String(decoding: r.body, as: UTF8.self) == #"{"detail":"Service Unavailable"}"#)
    }

    @Test func anyOtherStoreFailureIs500() {
        let r = FastAPIErrors.storeFailure(unavailable: false)
        #expect(r.status == 500)
        #expect(String(decoding: r.body, as: UTF8.self) == #"{"detail":"Internal Server Error"}"#)
    }
}
