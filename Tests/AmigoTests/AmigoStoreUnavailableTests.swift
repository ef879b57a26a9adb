import FastAPI
import DialectTestSupport
import Store
import Testing
@testable import Amigo

/// A store that cannot serve is FastAPI's 503 `{"detail":"Service Unavailable"}`, whatever
/// the cause (a full disk and a read-only file as much as a lock or a closed store); anything
/// else the store reports stays FastAPI's 500.
@Suite struct AmigoStoreUnavailableTests {
    @Test(arguments: StoreFailures.unavailable)
    func anUnavailableStoreIs503(_ e: StoreError) {
        let r = AmigoDialect.response(for: e)
        #expect(r == FastAPIErrors.unavailable, "\(e)")
        #expect(r.status == 503 && String(decoding: r.body, as: UTF8.self) == #"{"detail":"Service Unavailable"}"#)
    }

    @Test(arguments: StoreFailures.bugs)
    func otherStoreFailuresAre500(_ e: StoreError) {
        #expect(AmigoDialect.response(for: e) == FastAPIErrors.internalError, "\(e)")
    }
}
