import HTTP1
import Testing

/// RFC 9112 §5 and RFC 9110 §5: field lines, Host (RFC 9112 §3.2) and the header limits (RFC 6585 §5).
@Suite struct HeaderFieldTests {
    @Test func fieldsKeepOrderAndCaseAndLookUpCaseInsensitively() throws {
        let r = try #require(Wire.request(Wire.get(headers: ["X-One: 1", "x-TWO: 2", "X-One: 3"])))
        #expect(r.headers.fields.map(\.name) == ["Host", "X-One", "x-TWO", "X-One"])
        #expect(r.headers["x-one"] == "1")
        #expect(r.headers.values("X-ONE") == ["1", "3"])
        #expect(r.headers["X-Two"] == "2")
    }

    @Test func optionalWhitespaceAroundTheValueIsTrimmed() throws {
        let r = try #require(Wire.request(Wire.get(headers: ["X-A:   spaced value \t ", "X-B:\tv", "X-C:"])))
        #expect(r.headers["X-A"] == "spaced value")
        #expect(r.headers["X-B"] == "v")
        #expect(r.headers["X-C"] == "")
    }

    @Test func obsTextInAValueIsKept() throws {
        // RFC 9110 §5.5: obs-text (0x80–0xFF) is allowed in field values; it is opaque to us.
        let r = try #require(Wire.request(Wire.get(headers: ["X-Name: caf\u{E9}"])))
        #expect(r.headers["X-Name"] == "caf\u{E9}")
    }

    @Test func contentLengthWithWhitespaceBeforeColonIs400() {
        // RFC 9112 §5.1: a server MUST reject whitespace between the field name and the colon.
        let e = Wire.error(Wire.post(["Content-Length : 5"], body: "hello"))
        #expect(e?.status == 400)
        #expect(e?.code == "space_before_colon")
    }

    @Test func tabBeforeColonIs400() {
        #expect(Wire.status(Wire.get(headers: ["X-A\t: 1"])) == 400)
    }

    @Test func obsFoldIs400() {
        // RFC 9112 §5.2: obs-fold outside message/http MUST be rejected (or replaced); we reject.
        let e = Wire.error(Wire.get(headers: ["X-Folded: first", " second"]))
        #expect(e?.status == 400)
        #expect(e?.code == "obs_fold")
        #expect(Wire.status(Wire.get(headers: ["X-Folded: first", "\tsecond"])) == 400)
    }

    @Test func whitespaceBeforeTheFirstFieldIs400() {
        // RFC 9112 §2.2: whitespace between the start line and the first field.
        #expect(Wire.status("GET / HTTP/1.1\r\n Host: h\r\n\r\n") == 400)
    }

    @Test(arguments: ["\u{00}", "\u{01}", "\u{08}", "\u{0B}", "\u{0C}", "\u{1F}", "\u{7F}", "\r"])
    func controlCharacterInHeaderValueIs400(_ c: String) {
        let e = Wire.error(Wire.get(headers: ["X-Bad: a\(c)b"]))
        #expect(e?.status == 400)
        #expect(e?.code == "bad_header_value")
    }

    @Test func tabInsideAValueIsAllowed() throws {
        let r = try #require(Wire.request(Wire.get(headers: ["X-Tab: a\tb"])))
        #expect(r.headers["X-Tab"] == "a\tb")
    }

    @Test(arguments: ["X(A): 1", "X\"A: 1", "X/A: 1", "X@A: 1", "X{A}: 1", "Ä: 1", ": no name", "NoColon"])
    func invalidFieldNameIs400(_ line: String) {
        #expect(Wire.status(Wire.get(headers: [line])) == 400)
    }

    @Test func missingHostOnHTTP11Is400() {
        // RFC 9112 §3.2: a server MUST respond 400 to an HTTP/1.1 request without Host.
        let e = Wire.error("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")
        #expect(e?.status == 400)
        #expect(e?.code == "missing_host")
    }

    @Test func duplicateHostIs400() {
        // RFC 9112 §3.2: ... or with more than one Host field line.
        let e = Wire.error(Wire.get(headers: ["host: other.example"]))
        #expect(e?.status == 400)
        #expect(e?.code == "duplicate_host")
    }

    @Test func duplicateHostOnHTTP10Is400() {
        #expect(Wire.status("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n") == 400)
    }

    @Test(arguments: ["a b", "a/b", "user@host", "h?x", "h#f", "caf\u{E9}.example", "<h>", "a\"b", "h\\x", "a{b}"])
    func invalidHostValueIs400(_ host: String) {
        // RFC 9112 §3.2: ... or a Host header field with an invalid field value.
        let e = Wire.error("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n")
        #expect(e?.status == 400)
        #expect(e?.code == "bad_host")
    }

    @Test(arguments: ["example.com", "example.com:8080", "127.0.0.1:80", "[::1]:8080", "my_host", "xn--caf-dma.example", "h:"])
    func validHostValueIsAccepted(_ host: String) {
        #expect(Wire.request("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n")?.headers["Host"] == host)
    }

    @Test func http10WithoutHostIsAccepted() throws {
        let r = try #require(Wire.request("GET / HTTP/1.0\r\n\r\n"))
        #expect(r.head.version == .http1_0)
    }

    @Test func emptyHostIsAccepted() {
        // RFC 9112 §3.2: Host with an empty value when the target has no authority.
        #expect(Wire.request("GET / HTTP/1.1\r\nHost:\r\n\r\n") != nil)
    }

    // MARK: limits (431)

    @Test func headerLineAtTheLimitIsAccepted() {
        let limits = ParserLimits(maxHeaderLine: 40)
        let line = "X-Long: " + String(repeating: "v", count: 40 - 8)
        #expect(line.utf8.count == 40)
        #expect(Wire.request(Wire.get(headers: [line]), limits: limits) != nil)
    }

    @Test func headerLineOverTheLimitIs431() {
        let limits = ParserLimits(maxHeaderLine: 40)
        let e = Wire.error(Wire.get(headers: ["X-Long: " + String(repeating: "v", count: 33)]), limits: limits)
        #expect(e?.status == 431)
        #expect(e?.code == "header_too_large")
    }

    @Test func headerBytesOverTheLimitIs431() {
        // Every line is short, but together they pass maxHeaderBytes.
        let limits = ParserLimits(maxHeaderLine: 100, maxHeaderBytes: 200, maxHeaderCount: 100)
        let lines = (0..<20).map { "X-H\($0): " + String(repeating: "v", count: 10) }
        let e = Wire.error(Wire.get(headers: lines), limits: limits)
        #expect(e?.status == 431)
        #expect(e?.code == "headers_too_large")
    }

    @Test func headerCountAtTheLimitIsAccepted() throws {
        let limits = ParserLimits(maxHeaderCount: 5)
        let r = try #require(Wire.request(Wire.get(headers: (1..<5).map { "X-\($0): v" }), limits: limits))
        #expect(r.headers.count == 5)
    }

    @Test func headerCountOverTheLimitIs431() {
        let limits = ParserLimits(maxHeaderCount: 5)
        let e = Wire.error(Wire.get(headers: (1...5).map { "X-\($0): v" }), limits: limits)
        #expect(e?.status == 431)
        #expect(e?.code == "too_many_headers")
    }

    @Test func oneMegabyteHeaderLineFedInSmallPiecesIs431AtTheLimit() {
        // The FlyingFox failure mode (A7): a 1 MB header line trickling in must be refused as soon
        // as it passes the limit, having buffered only about the limit, and each piece must cost
        // O(piece): the parser resumes its scan instead of rescanning the partial line.
        let limits = ParserLimits()   // 64 KiB header line
        var parser = RequestParser(limits: limits)
        parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\nX-Huge: ".utf8))
        #expect(parser.next() == nil)
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 100)
        var fed = 0
        var result: ParseEvent?
        while fed < 1_048_576 {
            parser.append(piece)
            fed += piece.count
            if let e = parser.next() { result = e; break }
        }
        #expect(result == .error(HTTPParseError(431, "header_too_large", "A header line is too long")))
        #expect(fed <= limits.maxHeaderLine + 2 * piece.count)
        #expect(parser.phase == .failed)
    }
}
