import FastAPI
import Store
import Testing
@testable import Chamelio

/// A store that cannot serve is FastAPI's 503 `{"detail":"Service Unavailable"}`, whatever
/// the cause (a full disk and a read-only file as much as a lock or a closed store); anything
/// else the store reports stays FastAPI's 500.
@Suite struct ChamelioStoreUnavailableTests {
    @Test(arguments: [StoreError.full("database or disk full"), .readOnly("attempt to write a readonly database"),
                      .ioError("disk I/O error"), .corrupt("database disk image is malformed"), .busy("database is locked"), .closed])
    func anUnavailableStoreIs503(_ e: StoreError) {
        let r = ChamelioDialect.response(for: e)
        #expect(r == FastAPIErrors.unavailable, "\(e)")
        #expect(r.status == 503 && String(decoding: r.body, as: UTF8.self) == #"{"detail":"Service Unavailable"}"#)
    }

    @Test func otherStoreFailuresAre500() {
        #expect(ChamelioDialect.response(for: .sqlite(code: 1, message: "SQL logic error")) == FastAPIErrors.internalError)
        #expect(ChamelioDialect.response(for: .constraint("NOT NULL")) == FastAPIErrors.internalError)
    }
}
