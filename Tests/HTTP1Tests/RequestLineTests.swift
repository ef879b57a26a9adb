import HTTP1
import Testing

/// RFC 9112 §2–3: the request line (method SP request-target SP HTTP-version CRLF).
@Suite struct RequestLineTests {
    @Test func simpleGetIsParsed() throws {
        let r = try #require(Wire.request("GET /a/b?x=1&y=%20 HTTP/1.1\r\nHost: example.com\r\n\r\n"))
        #expect(r.head.method == "GET")
        #expect(r.head.target == "/a/b?x=1&y=%20")
        #expect(r.head.path == "/a/b")
        #expect(r.head.query == "x=1&y=%20")
        #expect(r.head.version == .http1_1)
        #expect(r.head.headers["host"] == "example.com")
        #expect(r.body.isEmpty)
    }

    @Test(arguments: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "M-SEARCH", "x!#$%&'*+-.^_`|~9"])
    func anyTokenIsAMethod(_ method: String) throws {
        let r = try #require(Wire.request("\(method) / HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(r.head.method == method)
    }

    @Test func methodIsCaseSensitive() throws {
        // RFC 9110 §9.1: methods are case-sensitive, so `get` is not GET (the router decides).
        let r = try #require(Wire.request("get / HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(r.head.method == "get")
    }

    @Test(arguments: ["G(T / HTTP/1.1", "GE\"T / HTTP/1.1", "GET@ / HTTP/1.1", "GÉT / HTTP/1.1"])
    func nonTokenMethodIs400(_ line: String) {
        #expect(Wire.status(line + "\r\nHost: h\r\n\r\n") == 400)
    }

    @Test(arguments: [
        "GET  / HTTP/1.1",       // two spaces
        "GET / HTTP/1.1 ",       // trailing space
        " GET / HTTP/1.1",       // leading space
        "GET /",                 // no version
        "GET",                   // method only
        "GET / HTTP/1.1 extra",  // four parts
        "GET\t/\tHTTP/1.1",      // tabs instead of spaces
    ])
    func malformedRequestLineIs400(_ line: String) {
        #expect(Wire.status(line + "\r\nHost: h\r\n\r\n") == 400)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/3.0", "HTTP/0.9", "HTTP/9.9"])
    func unsupportedVersionIs505(_ version: String) {
        #expect(Wire.status("GET / \(version)\r\nHost: h\r\n\r\n") == 505)
    }

    /// RFC 9110 §2.5: "a recipient that receives a message with a higher minor version than it
    /// implements ... process[es] the message as if it were in the highest minor version ... to
    /// which the recipient is conformant" — HTTP/1.2 is served as HTTP/1.1.
    @Test(arguments: ["HTTP/1.2", "HTTP/1.9"])
    func higherMinorVersionIsServedAsHTTP11(_ version: String) {
        let r = Wire.request("GET / \(version)\r\nHost: h\r\n\r\n")
        #expect(r?.head.version == .http1_1)
        #expect(r?.head.wantsKeepAlive == true)
    }

    @Test func http20VersionIs505() {
        let e = Wire.error("GET / HTTP/2.0\r\nHost: h\r\n\r\n")
        #expect(e?.status == 505)
        #expect(e?.code == "version_not_supported")
        #expect(e?.message == "Only HTTP/1.x is supported")
    }

    @Test(arguments: ["http/1.1", "HTTP/1", "HTTP/1.10", "HTTP/11", "HTTPS/1.1", "HTTP/a.b", "HTTP 1.1"])
    func malformedVersionIs400(_ version: String) {
        #expect(Wire.status("GET / \(version)\r\nHost: h\r\n\r\n") == 400)
    }

    @Test(arguments: [
        ("GET /a\u{01}b HTTP/1.1", "SOH"), ("GET /a\u{7F}b HTTP/1.1", "DEL"), ("GET /a\u{00}b HTTP/1.1", "NUL"),
        ("GET /a\rb HTTP/1.1", "bare CR"), ("GET /a\u{1B}b HTTP/1.1", "ESC"),
    ])
    func controlCharacterInTargetIs400(_ line: String, _ name: String) {
        #expect(Wire.status(line + "\r\nHost: h\r\n\r\n") == 400, "\(name)")
    }

    @Test func nonASCIITargetIs400() {
        #expect(Wire.status("GET /caf\u{E9} HTTP/1.1\r\nHost: h\r\n\r\n") == 400)
    }

    @Test func absoluteFormTargetIsReducedToPathAndQuery() throws {
        // RFC 9112 §3.2.2: a server MUST accept absolute-form.
        let r = try #require(Wire.request("GET http://example.com:8080/v1/ws/tasks?x=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n"))
        #expect(r.head.target == "/v1/ws/tasks?x=1")
        #expect(r.head.path == "/v1/ws/tasks")
    }

    @Test(arguments: [("http://example.com", "/"), ("HTTPS://example.com?q=1", "/?q=1"), ("http://h/", "/")])
    func absoluteFormWithoutPathIsSlash(_ target: String, _ expected: String) throws {
        let r = try #require(Wire.request("GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(r.head.target == expected)
    }

    @Test(arguments: ["ftp://example.com/x", "example.com/x", "http://", "a"])
    func otherTargetFormsAre400(_ target: String) {
        #expect(Wire.status("GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n") == 400)
    }

    @Test func asteriskFormIsOnlyForOptions() throws {
        let r = try #require(Wire.request("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(r.head.target == "*")
        #expect(Wire.status("GET * HTTP/1.1\r\nHost: h\r\n\r\n") == 400)
    }

    @Test func requestLineAtTheLimitIsAccepted() throws {
        let limits = ParserLimits(maxRequestLine: 64)
        let target = "/" + String(repeating: "a", count: 64 - "GET  HTTP/1.1".count - 1)
        let line = "GET \(target) HTTP/1.1"
        #expect(line.utf8.count == 64)
        #expect(Wire.request(line + "\r\nHost: h\r\n\r\n", limits: limits) != nil)
    }

    @Test func requestLineOverTheLimitIs414() {
        let limits = ParserLimits(maxRequestLine: 64)
        let line = "GET /" + String(repeating: "a", count: 64) + " HTTP/1.1"
        let e = Wire.error(line + "\r\nHost: h\r\n\r\n", limits: limits)
        #expect(e?.status == 414)
        #expect(e?.code == "uri_too_long")
    }

    @Test func requestLineOverTheLimitIs414BeforeItsEndArrives() {
        // The client is still sending; the parser must not wait for the LF to refuse.
        let limits = ParserLimits(maxRequestLine: 64)
        let ev = Wire.events("GET /" + String(repeating: "a", count: 100), limits: limits)
        #expect(ev == [.error(HTTPParseError(414, "uri_too_long", "The request line is too long"))])
    }

    @Test func longRequestLineEndingInBareLFIs414HoweverItIsSplit() {
        // Regression (found by ParserFuzz): a complete over-long line that ended in a bare LF was
        // a 400 (bare_lf) when it arrived in one read but a 414 when it trickled in.
        let limits = ParserLimits(maxRequestLine: 16)
        let text = "GET /" + String(repeating: "a", count: 40) + " HTTP/1.1\nHost: h\n\n"
        let whole = Wire.events(text, limits: limits)
        #expect(whole.first.flatMap { if case .error(let e) = $0 { e.status } else { nil } } == 414)
        for piece in 1...8 { #expect(Wire.events(text, limits: limits, pieceSize: piece) == whole) }
    }

    @Test func emptyLinesBeforeTheRequestLineAreIgnored() throws {
        // RFC 9112 §2.2: SHOULD ignore at least one empty line before the request line.
        let rs = Wire.requests("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(rs.count == 1)
    }

    @Test func endlessEmptyLinesAre400() {
        #expect(Wire.status(String(repeating: "\r\n", count: 100)) == 400)
    }

    @Test func bareLFLineEndingIs400() {
        let e = Wire.error("GET / HTTP/1.1\nHost: h\n\n")
        #expect(e?.status == 400)
        #expect(e?.code == "bare_lf")
        #expect(Wire.status("GET / HTTP/1.1\r\nHost: h\n\r\n") == 400)
    }

    @Test func tlsClientHelloIsRefusedNotHung() {
        // A TLS ClientHello on the plain port: refused at once (or within a line), never buffered forever.
        let hello: [UInt8] = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03] + Array(repeating: 0x41, count: 9000)
        let ev = Wire.events(hello, limits: ParserLimits(maxRequestLine: 8192))
        guard case .error(let e)? = ev.last else {
            Issue.record("expected an error, got \(ev)")
            return
        }
        #expect(e.status == 414 || e.status == 400)
    }
}

/// `path` and `query` split the target at its first `?` on the bytes, for short (inline) and
/// long targets alike, and for targets with non-ASCII bytes before it.
@Suite struct TargetSplitTests {
    @Test(arguments: [
        ("/t?a=1", "/t", "a=1"),
        ("/t", "/t", ""),
        ("/t?", "/t", ""),
        ("?x", "", "x"),
        ("/a?b?c", "/a", "b?c"),
        ("/ünï/çødé?q=é", "/ünï/çødé", "q=é"),
        ("/api/v3/organizations/quant/ai/tasks?status=pending&limit=50", "/api/v3/organizations/quant/ai/tasks", "status=pending&limit=50"),
    ])
    func splitsAtTheFirstQuestionMark(target: String, path: String, query: String) {
        let head = HTTPRequestHead(method: "GET", target: target)
        #expect(head.path == Substring(path))
        #expect(head.query == Substring(query))
    }
}
