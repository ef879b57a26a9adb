@testable import Control
import HTTP1
import Testing

@Suite struct AdminAccessTests {
    @Test func openOnlyOnLoopbackWithOpenAuthAndNoToken() {
        #expect(AdminAccess(token: nil, strictAuth: false, host: "127.0.0.1").mode == .open)
        #expect(AdminAccess(token: nil, strictAuth: false, host: "::1").mode == .open)
        if case .closed(let why) = AdminAccess(token: nil, strictAuth: true, host: "127.0.0.1").mode {
            #expect(why.contains("strict"))
        } else { Issue.record("strict without a token must be closed") }
        if case .closed(let why) = AdminAccess(token: nil, strictAuth: false, host: "0.0.0.0").mode {
            #expect(why.contains("0.0.0.0"))
        } else { Issue.record("a non-loopback host without a token must be closed") }
        #expect(AdminAccess(token: "t", strictAuth: false, host: "127.0.0.1").mode == .token)
    }

    @Test func acceptsOnlyTheBearerToken() {
        let a = AdminAccess(token: "s3cret", strictAuth: true, host: "::")
        #expect(a.accepts(HTTPHeaders([("Authorization", "Bearer s3cret")])))
        #expect(a.accepts(HTTPHeaders([("authorization", "bearer  s3cret ")])))
        #expect(!a.accepts(HTTPHeaders([("Authorization", "Bearer s3cre")])))
        #expect(!a.accepts(HTTPHeaders([("Authorization", "Basic s3cret")])))
        #expect(!a.accepts(HTTPHeaders()))
    }
}
