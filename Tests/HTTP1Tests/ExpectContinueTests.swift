import HTTP1
import Testing

/// RFC 9110 §10.1.1: Expect. 100-continue gets an interim answer when the body will be read and
/// the final status at once when it will not; any other expectation gets 417.
@Suite struct ExpectContinueTests {
    private let head = "POST /upload HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"

    @Test func expectContinueThenTheRequest() {
        var p = RequestParser()
        p.append(Array(head.utf8))
        guard case .expectContinue(let h)? = p.next() else {
            Issue.record("no expectContinue")
            return
        }
        #expect(h.method == "POST")
        #expect(h.headers["Content-Length"] == "5")
        #expect(p.next() == nil)
        #expect(p.phase == .body)
        p.append(Array("hello".utf8))
        guard case .request(let r)? = p.next() else {
            Issue.record("no request after the body")
            return
        }
        #expect(r.head == h)
        #expect(r.body == Array("hello".utf8))
    }

    @Test func expectContinueIsOfferedOnlyOnce() {
        var p = RequestParser()
        p.append(Array(head.utf8))
        #expect(p.next()?.isExpectContinue == true)
        p.append(Array("he".utf8))
        #expect(p.next() == nil)
        p.append(Array("llo".utf8))
        #expect(p.next().map { if case .request = $0 { true } else { false } } == true)
    }

    @Test func bodyAlreadySentNeedsNoContinue() {
        // The client did not wait: the body is here, so there is nothing to invite (§10.1.1 MAY omit).
        let ev = Wire.events(head + "hello")
        #expect(ev.count == 1)
        #expect(ev.first.map { if case .request(let r) = $0 { r.body == Array("hello".utf8) } else { false } } == true)
    }

    @Test func expectContinueWithChunkedBody() {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n"
        var p = RequestParser()
        p.append(Array(text.utf8))
        #expect(p.next()?.isExpectContinue == true)
        p.append(Array("3\r\nabc\r\n0\r\n\r\n".utf8))
        guard case .request(let r)? = p.next() else {
            Issue.record("no request")
            return
        }
        #expect(r.body == Array("abc".utf8))
    }

    @Test func expectContinueWithoutBodyIsJustTheRequest() {
        let ev = Wire.events("GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n")
        #expect(ev.count == 1)
        #expect(ev.first?.isExpectContinue == false)
    }

    @Test func expectContinueWithBodyOverTheLimitIs413WithoutContinue() {
        // The final status at once: the client must not be invited to send what will be refused.
        let limits = ParserLimits(maxBodySize: 4)
        let ev = Wire.events(head, limits: limits)
        #expect(ev == [.error(HTTPParseError(413, "body_too_large", "The request body is larger than 4 bytes"))])
    }

    @Test func expectationIsCaseInsensitive() {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n"
        #expect(Wire.events(text).first?.isExpectContinue == true)
    }

    @Test(arguments: ["200-ok", "100-continue, foo", "", "continue"])
    func otherExpectationIs417(_ value: String) {
        let e = Wire.error("POST / HTTP/1.1\r\nHost: h\r\nExpect: \(value)\r\nContent-Length: 1\r\n\r\nx")
        #expect(e?.status == 417)
        #expect(e?.code == "expectation_failed")
    }

    @Test func expectContinueOnHTTP10IsIgnored() {
        // §10.1.1: a server MUST ignore a 100-continue expectation in an HTTP/1.0 request.
        var p = RequestParser()
        p.append(Array("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(p.next() == nil)
        p.append(Array("ok".utf8))
        #expect(p.next().map { if case .request = $0 { true } else { false } } == true)
    }
}
