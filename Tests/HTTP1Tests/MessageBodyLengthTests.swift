import HTTP1
import Testing

/// RFC 9112 §6 (message body length) and RFC 9110 §8.6 (Content-Length): the framing rules
/// request smuggling lives in, each refused with 400 (501 for a coding we do not know).
@Suite struct MessageBodyLengthTests {
    @Test func contentLengthBodyIsRead() throws {
        let r = try #require(Wire.request(Wire.post(["Content-Length: 11"], body: "hello world")))
        #expect(r.body == Array("hello world".utf8))
    }

    @Test func requestWithoutFramingHasNoBody() throws {
        // RFC 9112 §6.3 (7): a request with neither CL nor TE has a zero-length body, so what
        // follows is the next request.
        let rs = Wire.requests(Wire.post([]) + Wire.get("/next"))
        #expect(rs.count == 2)
        #expect(rs[0].body.isEmpty)
        #expect(rs[1].head.target == "/next")
    }

    @Test func zeroContentLengthIsAnEmptyBody() throws {
        let r = try #require(Wire.request(Wire.post(["Content-Length: 0"])))
        #expect(r.body.isEmpty)
    }

    @Test func contentLengthAndTransferEncodingTogetherIs400() {
        // RFC 9112 §6.1: the classic CL.TE / TE.CL smuggling vector; refused, then close.
        let e = Wire.error(Wire.post(["Content-Length: 5", "Transfer-Encoding: chunked"], body: "0\r\n\r\n"))
        #expect(e?.status == 400)
        #expect(e?.code == "cl_and_te")
        #expect(Wire.status(Wire.post(["Transfer-Encoding: chunked", "Content-Length: 5"], body: "0\r\n\r\n")) == 400)
    }

    @Test func negativeContentLengthIs400() {
        let e = Wire.error(Wire.post(["Content-Length: -1"]))
        #expect(e?.status == 400)
        #expect(e?.code == "content_length_invalid")
    }

    @Test func hexContentLengthIs400() {
        #expect(Wire.status(Wire.post(["Content-Length: 0x10"], body: String(repeating: "a", count: 16))) == 400)
    }

    @Test(arguments: ["+5", "5.0", "5 5", "five", "", " ", "1e3", "٥", "5;", "-18446744073709551616", "99999999999999999999x"])
    func invalidContentLengthIs400(_ value: String) {
        #expect(Wire.status(Wire.post(["Content-Length: \(value)"], body: "hello")) == 400, "Content-Length: \(value)")
    }

    @Test func contentLengthWithOptionalWhitespaceIsAccepted() throws {
        let r = try #require(Wire.request(Wire.post(["Content-Length: \t5 "], body: "hello")))
        #expect(r.body.count == 5)
    }

    @Test func conflictingContentLengthsAre400() {
        // RFC 9110 §8.6: differing values are unrecoverable.
        let e = Wire.error(Wire.post(["Content-Length: 5", "Content-Length: 6"], body: "hello!"))
        #expect(e?.status == 400)
        #expect(e?.code == "content_length_conflict")
        #expect(Wire.status(Wire.post(["Content-Length: 5, 6"], body: "hello!")) == 400)
    }

    @Test func identicalRepeatedContentLengthIsAccepted() throws {
        // RFC 9110 §8.6: a list of identical values MAY be accepted as that value.
        let a = try #require(Wire.request(Wire.post(["Content-Length: 5", "Content-Length: 5"], body: "hello")))
        #expect(a.body == Array("hello".utf8))
        let b = try #require(Wire.request(Wire.post(["Content-Length: 5, 5"], body: "hello")))
        #expect(b.body == Array("hello".utf8))
    }

    @Test func emptyContentLengthListMemberIs400() {
        #expect(Wire.status(Wire.post(["Content-Length: 5,"], body: "hello")) == 400)
        #expect(Wire.status(Wire.post(["Content-Length: ,5"], body: "hello")) == 400)
    }

    @Test func unknownTransferCodingIs501() {
        // RFC 9112 §6.1: a transfer coding the server does not understand SHOULD be 501.
        let e = Wire.error(Wire.post(["Transfer-Encoding: gzip"], body: "x"))
        #expect(e?.status == 501)
        #expect(e?.code == "unsupported_transfer_coding")
        #expect(Wire.status(Wire.post(["Transfer-Encoding: gzip, chunked"], body: "0\r\n\r\n")) == 501)
        #expect(Wire.status(Wire.post(["Transfer-Encoding: chunked;q=1"], body: "0\r\n\r\n")) == 501)
        #expect(Wire.status(Wire.post(["Transfer-Encoding: identity"], body: "")) == 501)
    }

    @Test func chunkedAppliedTwiceIs400() {
        // RFC 9112 §6.1: a sender MUST NOT apply chunked more than once.
        #expect(Wire.status(Wire.post(["Transfer-Encoding: chunked, chunked"], body: "0\r\n\r\n")) == 400)
        #expect(Wire.status(Wire.post(["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"], body: "0\r\n\r\n")) == 400)
    }

    @Test func emptyTransferEncodingIs400() {
        #expect(Wire.status(Wire.post(["Transfer-Encoding: "], body: "")) == 400)
    }

    @Test func transferEncodingNameAndCodingAreCaseInsensitive() throws {
        let r = try #require(Wire.request(Wire.post(["transfer-encoding: CHUNKED"], body: "3\r\nabc\r\n0\r\n\r\n")))
        #expect(r.body == Array("abc".utf8))
    }

    @Test func transferEncodingOnHTTP10Is400() {
        // RFC 9112 §6.1: a server MUST NOT trust TE on 1.0 (a 1.0 peer cannot mean it); refuse.
        #expect(Wire.status("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == 400)
    }

    @Test func bodyOverTheLimitIs413BeforeTheBodyArrives() {
        // Content-Length says 1 MiB; the head alone must be refused, with no byte of body sent.
        let limits = ParserLimits(maxBodySize: 1024)
        let ev = Wire.events(Wire.post(["Content-Length: 1048576"]), limits: limits)
        #expect(ev.count == 1)
        guard case .error(let e)? = ev.first else { return }
        #expect(e.status == 413)
        #expect(e.code == "body_too_large")
    }

    @Test func bodyAtTheLimitIsAccepted() throws {
        let limits = ParserLimits(maxBodySize: 16)
        let r = try #require(Wire.request(Wire.post(["Content-Length: 16"], body: String(repeating: "b", count: 16)), limits: limits))
        #expect(r.body.count == 16)
    }

    @Test func hugeContentLengthIs413NotAnOverflow() {
        #expect(Wire.status(Wire.post(["Content-Length: 999999999999999999"])) == 413)
    }

    /// RFC 9110 §8.6 puts no bound on the digits of a Content-Length, and RFC 9112 §6.3 lets a
    /// server refuse a body it will not read: a value beyond the limit is 413 however long it
    /// is, never a 400 because it does not fit a machine integer.
    @Test(arguments: ["9999999999999999999", "18446744073709551616", String(repeating: "9", count: 200),
                      "00000000000000000000000000000017"])
    func contentLengthOfAnyLengthOverTheLimitIs413(_ value: String) {
        let e = Wire.error(Wire.post(["Content-Length: \(value)"]), limits: ParserLimits(maxBodySize: 16))
        #expect(e?.status == 413, "Content-Length: \(value)")
        #expect(e?.code == "body_too_large")
    }

    @Test func leadingZerosDoNotMakeAValueHuge() throws {
        let r = try #require(Wire.request(Wire.post(["Content-Length: 000000000000000000000000005"], body: "hello")))
        #expect(r.body == Array("hello".utf8))
    }

    @Test func twoHugeValuesAreRefusedEvenIfTheyDiffer() {
        // Both saturate; the request is refused (413) either way, never read as a body.
        let e = Wire.error(Wire.post(["Content-Length: 99999999999999999999, 99999999999999999998"]))
        #expect(e?.status == 413)
    }

    @Test func partialBodyWaitsForTheRest() {
        var p = RequestParser()
        p.append(Array(Wire.post(["Content-Length: 10"], body: "12345").utf8))
        #expect(p.next() == nil)
        #expect(p.phase == .body)
        p.append(Array("67890".utf8))
        guard case .request(let r)? = p.next() else {
            Issue.record("no request")
            return
        }
        #expect(r.body == Array("1234567890".utf8))
        #expect(p.phase == .idle)
    }

    @Test func bodyBytesAreNotParsedAsTheNextRequest() {
        // The body of the first request looks like a request; it must stay a body.
        let smuggled = "GET /admin HTTP/1.1\r\nHost: h\r\n\r\n"
        let rs = Wire.requests(Wire.post(["Content-Length: \(smuggled.utf8.count)"], body: smuggled) + Wire.get("/after"))
        #expect(rs.map(\.head.target) == ["/upload", "/after"])
        #expect(rs[0].body == Array(smuggled.utf8))
    }
}
