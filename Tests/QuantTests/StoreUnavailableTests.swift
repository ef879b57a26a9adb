import JSON
import DialectTestSupport
import Store
import Testing
@testable import Quant

/// A store that cannot serve (a full disk, a read-only file, failing I/O, a lock held too
/// long) is a 503 in Quant's `{"error","message"}` shape naming the operation and the cause,
/// for writes and reads alike; a bug in the store stays a 500.
@Suite struct StoreUnavailableTests {
    @Test(arguments: StoreFailures.unavailable)
    func anUnavailableStoreIs503(_ e: StoreError) throws {
        for r in [QuantErrors.map(e, operation: "Failed to create task"), QuantErrors.failed("Failed to get task", e)] {
            #expect(r.status == 503, "\(e)")
            let body = try JSONParser.parse(r.body)
            #expect(body.objectValue?.keys.sorted() == ["error", "message"])
            #expect(body["error"]?.stringValue == "Service unavailable")
            #expect(body["message"]?.stringValue?.hasSuffix(": " + e.cause) == true, "\(body)")
        }
        let full = QuantErrors.map(.full("database or disk full"), operation: "Failed to create task")
        #expect(String(decoding: full.body, as: UTF8.self)
                == #"{"error":"Service unavailable","message":"Failed to create task: database or disk full"}"#)
    }

    @Test func otherStoreFailuresStay500AndDomainErrorsKeepTheirStatus() {
        #expect(QuantErrors.map(.sqlite(code: 1, message: "SQL logic error"), operation: "Failed to create task").status == 500)
        #expect(QuantErrors.map(.invalid("x"), operation: "Failed to update task").status == 500)
        #expect(QuantErrors.map(.notFound(TaskKey(dialect: "quant", tenant: "acme", id: "t")), operation: "Failed to update task").status == 404)
        #expect(QuantErrors.map(.hasDependents(["a"]), operation: "Failed to delete task").status == 409)
    }
}
